import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CodedError } from '@scoreflow/flow';
import Database from 'better-sqlite3';
import { LATEST_SCHEMA_VERSION, schemaVersion } from './migrations/index.js';

export type BackupErrorCode =
  | 'source_missing'
  | 'target_is_source'
  | 'backup_missing'
  | 'backup_has_wal'
  | 'backup_corrupt'
  | 'backup_not_scoreflow'
  | 'backup_too_new'
  | 'schema_changed';

/** Why a backup or a restore was refused; the database in place is untouched when one is thrown. */
export class BackupError extends CodedError<BackupErrorCode> {}

export interface BackupProgress {
  totalPages: number;
  remainingPages: number;
  /** True once writers restarted the page-by-page copy and the rest is copied in one pass. */
  onePass: boolean;
}

/** What a verified database file holds. */
export interface DatabaseSummary {
  file: string;
  schemaVersion: number;
  bytes: number;
  /** Row counts of the main tables, by table name. */
  rows: Record<string, number>;
  /** Events accepted but not yet processed: the work the reconciler queues again after a restore. */
  pendingEvents: number;
  pendingWaits: number;
  pendingDeliveries: number;
}

/** The tables whose counts tell an operator at a glance whether a backup holds what they expect. */
export const SUMMARY_TABLES = [
  'flows',
  'contacts',
  'events',
  'runs',
  'scores',
  'score_ledger',
  'waits',
  'outbox',
  'users',
  'api_tokens',
] as const;

// Page-by-page steps let progress be shown; about twenty of them, and never tiny ones.
const MIN_STEP_PAGES = 1024;
const ALL_PAGES = 0x7fffffff;

const sidecars = (file: string) => [`${file}-wal`, `${file}-shm`, `${file}-journal`];

function removeWithSidecars(file: string): void {
  for (const f of [file, ...sidecars(file)]) rmSync(f, { force: true });
}

function fsyncFile(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename durable; some file systems cannot fsync a directory, and the rename still happened. */
function fsyncDir(dir: string): void {
  try {
    fsyncFile(dir);
  } catch {
    // best effort
  }
}

const count = (db: Database.Database, sql: string): number =>
  (db.prepare(sql).pluck().get() as number | undefined) ?? 0;

/**
 * Opens `file`, runs `PRAGMA integrity_check` and reads its schema version and row counts. With
 * `standalone`, the file is also switched to rollback-journal mode so it is complete on its own (a copy
 * of a WAL database is in WAL mode, and would grow -wal and -shm files beside it whenever opened).
 */
export function inspectDatabaseFile(
  file: string,
  options: { standalone?: boolean; name?: string } = {},
): DatabaseSummary {
  // Messages name the file the operator gave, not the copy being checked.
  const name = options.name ?? file;
  if (!existsSync(file)) throw new BackupError('backup_missing', `${name} does not exist`);
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: true, readonly: !options.standalone });
    if (options.standalone) db.pragma('journal_mode = DELETE');
    const problems = (db.pragma('integrity_check') as { integrity_check: string }[]).map(
      (r) => r.integrity_check,
    );
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new BackupError(
        'backup_corrupt',
        `${name} fails PRAGMA integrity_check: ${problems.slice(0, 5).join('; ')}`,
      );
    }
    const version = schemaVersion(db);
    const tables = new Set(
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[],
    );
    if (version < 1 || !tables.has('events')) {
      throw new BackupError(
        'backup_not_scoreflow',
        `${name} is a SQLite database but not a Scoreflow one (schema version ${version})`,
      );
    }
    const rows: Record<string, number> = {};
    for (const table of SUMMARY_TABLES) {
      if (tables.has(table)) rows[table] = count(db, `SELECT count(*) FROM "${table}"`);
    }
    const pending = (table: string) =>
      tables.has(table)
        ? count(db as Database.Database, `SELECT count(*) FROM ${table} WHERE status = 'pending'`)
        : 0;
    return {
      file,
      schemaVersion: version,
      bytes: count(db, 'SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()'),
      rows,
      pendingEvents: pending('events'),
      pendingWaits: pending('waits'),
      pendingDeliveries: pending('outbox'),
    };
  } catch (err) {
    if (err instanceof BackupError) throw err;
    // SQLITE_NOTADB, SQLITE_CORRUPT and the like: the file is not a database we can read.
    throw new BackupError(
      'backup_corrupt',
      `${name} is not a readable SQLite database: ${err instanceof Error ? err.message : String(err)}`,
    );
  } finally {
    db?.close();
  }
}

/**
 * Copies the live database `sourceFile` to `targetFile` with SQLite's online backup API, while other
 * processes keep reading and writing it. Copying the files instead could catch the database between a
 * commit in the -wal file and its checkpoint, and restore into something SQLite calls corrupt.
 *
 * The copy goes to a temporary file beside the target, is verified (integrity check, same schema version
 * as the source) and only then renamed over `targetFile`, so the target is either the previous file or a
 * complete, verified backup, never a partial one.
 */
export async function backupDatabase(
  sourceFile: string,
  targetFile: string,
  onProgress?: (progress: BackupProgress) => void,
): Promise<DatabaseSummary> {
  const source = resolve(sourceFile);
  const target = resolve(targetFile);
  if (!existsSync(source)) throw new BackupError('source_missing', `There is no database at ${source}`);
  if ([source, ...sidecars(source)].includes(target)) {
    throw new BackupError('target_is_source', `The backup cannot be written over the database itself`);
  }
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  removeWithSidecars(partial);
  // Not openDatabase: a backup must not migrate the source nor change its journal mode.
  const db = new Database(source, { fileMustExist: true, timeout: 5000 });
  try {
    let last = Number.POSITIVE_INFINITY;
    let total = 0;
    let onePass = false;
    await db.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        // SQLite restarts a step-wise backup whenever another connection writes to the source, which a
        // running installation does all the time. Remaining pages that do not shrink mean a restart: the
        // rest then goes in one step, inside one read transaction that writers in WAL mode do not disturb.
        if (remainingPages >= last) onePass = true;
        last = remainingPages;
        total = totalPages;
        onProgress?.({ totalPages, remainingPages, onePass });
        return onePass ? ALL_PAGES : Math.max(MIN_STEP_PAGES, Math.ceil(totalPages / 20));
      },
    });
    const summary = inspectDatabaseFile(partial, { standalone: true, name: `the copy for ${target}` });
    const sourceVersion = schemaVersion(db);
    if (summary.schemaVersion !== sourceVersion) {
      throw new BackupError(
        'schema_changed',
        `The backup has schema version ${summary.schemaVersion} but the database now has ${sourceVersion} ` +
          '(it was migrated during the backup): run the backup again',
      );
    }
    onProgress?.({ totalPages: total, remainingPages: 0, onePass });
    fsyncFile(partial);
    renameSync(partial, target);
    fsyncDir(dirname(target));
    return { ...summary, file: target };
  } catch (err) {
    removeWithSidecars(partial);
    throw err;
  } finally {
    db.close();
  }
}

export interface RestoreResult extends DatabaseSummary {
  /** Where the database that was replaced now is (with its -wal and -shm), if there was one. */
  replacedBy: string | undefined;
}

/**
 * Puts the backup `backupFile` in place as the database `targetFile`. The caller makes sure no process
 * has the target open. The backup is copied beside the target and verified there first (integrity check,
 * a Scoreflow schema no newer than this code), so a bad backup leaves the target as it was. A database
 * already at `targetFile` is not deleted but renamed, with its -wal and -shm, to `<target>.replaced-<time>`;
 * stale -wal, -shm and -journal files never stay next to the restored file, where SQLite would apply them
 * to it.
 */
export function restoreDatabase(backupFile: string, targetFile: string, now = new Date()): RestoreResult {
  const backup = resolve(backupFile);
  const target = resolve(targetFile);
  if (!existsSync(backup)) throw new BackupError('backup_missing', `${backup} does not exist`);
  if (existsSync(`${backup}-wal`)) {
    throw new BackupError(
      'backup_has_wal',
      `${backup} has a -wal file beside it, so it is a live database or a file copy of one; ` +
        'restore a file written by the backup command',
    );
  }
  if ([target, ...sidecars(target)].includes(backup)) {
    throw new BackupError('target_is_source', 'The backup is the database it would replace');
  }
  mkdirSync(dirname(target), { recursive: true });
  const incoming = `${target}.restoring-${process.pid}`;
  removeWithSidecars(incoming);
  try {
    copyFileSync(backup, incoming);
    const summary = inspectDatabaseFile(incoming, { standalone: true, name: backup });
    if (summary.schemaVersion > LATEST_SCHEMA_VERSION) {
      throw new BackupError(
        'backup_too_new',
        `The backup has schema version ${summary.schemaVersion} but this Scoreflow only knows up to ` +
          `${LATEST_SCHEMA_VERSION}: restore it with the version that wrote it, or a newer one`,
      );
    }
    fsyncFile(incoming);
    let replacedBy: string | undefined;
    if (existsSync(target)) {
      replacedBy = `${target}.replaced-${now.toISOString().replace(/[:.]/g, '-')}`;
      // The -wal may hold the last commits of the replaced database: it moves along with it.
      for (const [from, to] of [
        [target, replacedBy],
        ...sidecars(target).map((f, i) => [f, sidecars(replacedBy as string)[i] as string]),
      ] as [string, string][]) {
        if (existsSync(from)) renameSync(from, to);
      }
    } else {
      for (const f of sidecars(target)) rmSync(f, { force: true });
    }
    renameSync(incoming, target);
    fsyncDir(dirname(target));
    return { ...summary, file: target, replacedBy };
  } catch (err) {
    removeWithSidecars(incoming);
    throw err;
  }
}
