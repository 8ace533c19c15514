import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodedError } from '@scoreflow/flow';
import {
  type Database,
  type Db,
  displayLocation,
  isPostgresUrl,
  openDatabase,
  openSqliteConnection,
  type SqliteConnection,
  StoreError,
  schemaVersion,
  sql,
} from '@scoreflow/store';
import { describeProcesses, liveProcesses } from '../dataDirLock.js';
import { COPY_ORDER, type CopiedTable } from './copyTables.js';
import { fail } from './summary.js';

const USAGE = `Usage: node apps/server/dist/cli/copyToPostgres.js --from <sqlite-file> [--to <postgres-url>]

Copies every table of the SQLite database <sqlite-file> (e.g. data/scoreflow.db) into the empty
PostgreSQL database <postgres-url> (default: the DATABASE_URL environment variable, which keeps the
password off the command line), in one transaction, and compares the row counts of both sides.
Stop every Scoreflow process using the SQLite file first. See docs/deploy.md.`;

export type CopyErrorCode =
  | 'source_missing'
  | 'source_in_use'
  | 'target_not_postgres'
  | 'target_unreachable'
  | 'target_not_empty'
  | 'schema_mismatch'
  | 'copy_failed'
  | 'counts_differ';

/** Why the copy stopped; the PostgreSQL database is left as it was (empty) when one is thrown. */
export class CopyError extends CodedError<CopyErrorCode> {
  constructor(
    code: CopyErrorCode,
    message: string,
    /** The counts of both sides, when the copy got as far as counting them. */
    readonly counts?: TableCount[],
    cause?: unknown,
  ) {
    super(code, message, cause === undefined ? {} : { cause });
  }
}

export interface TableCount {
  table: CopiedTable;
  source: number;
  target: number;
}

export interface CopyProgress {
  table: CopiedTable;
  copied: number;
  total: number;
}

export interface CopyOptions {
  /** The SQLite file. */
  from: string;
  /** The PostgreSQL URL. */
  to: string;
  /** Rows per INSERT (default 1,000; fewer when a table's columns would pass PostgreSQL's parameter limit). */
  batchSize?: number;
  onProgress?: (progress: CopyProgress) => void;
}

export interface CopyResult {
  source: string;
  /** The target without its password. */
  target: string;
  schemaVersion: number;
  counts: TableCount[];
}

// One INSERT binds at most 65,535 parameters (PostgreSQL's protocol counts them in 16 bits).
const MAX_PARAMETERS = 65_535;
const DEFAULT_BATCH = 1_000;

type Row = Record<string, unknown>;
// The transaction the copy runs in (a Kysely transaction is a query builder like any other).
type Tx = Db;

/** How to read one table from SQLite: the columns PostgreSQL has, and whether rows have a rowid. */
interface TablePlan {
  table: CopiedTable;
  columns: string[];
  hasRowid: boolean;
}

/**
 * Copies an installation's SQLite database into an empty PostgreSQL one. The source is migrated to
 * the latest schema first and read in one snapshot; the target is migrated, refused if any Scoreflow
 * table holds a row, and filled in one transaction, so a failure anywhere leaves it empty. Row ids
 * (and the ids of run actions and ledger rows) are kept, so insertion order survives, and every
 * identity sequence is moved past the copied ids. Resolves with the row counts of both sides, which
 * were compared before the commit.
 */
export async function copyToPostgres(options: CopyOptions): Promise<CopyResult> {
  const source = path.resolve(options.from);
  if (!isPostgresUrl(options.to)) {
    throw new CopyError('target_not_postgres', `the target must be a postgres:// URL, not "${options.to}"`);
  }
  if (!existsSync(source)) throw new CopyError('source_missing', `${source} does not exist`);
  refuseWhileInUse(path.dirname(source));
  const sqlite = openSqliteConnection(source, { migrate: true });
  try {
    const target = await openTarget(options.to);
    try {
      return await copyDatabase(sqlite, target, source, options);
    } finally {
      await target.close();
    }
  } finally {
    sqlite.close();
  }
}

/** Rows written to the file after the snapshot would be missing from the copy: the servers must be stopped. */
function refuseWhileInUse(dataDir: string): void {
  const running = liveProcesses(dataDir);
  if (running.length === 0) return;
  throw new CopyError(
    'source_in_use',
    `Scoreflow is running on ${dataDir}:\n${describeProcesses(running)}\n` +
      'Stop every Scoreflow process using this database (API and workers), then run the copy again.',
  );
}

async function openTarget(url: string): Promise<Database> {
  try {
    // One connection: the whole copy is one transaction.
    return await openDatabase(url, { poolSize: 1 });
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw new CopyError(
      'target_unreachable',
      `cannot open ${displayLocation(url)}: ${error instanceof Error ? error.message : String(error)}`,
      undefined,
      error,
    );
  }
}

async function copyDatabase(
  sqlite: SqliteConnection,
  target: Database,
  source: string,
  options: CopyOptions,
): Promise<CopyResult> {
  const plans = await planTables(sqlite, target);
  const version = schemaVersion(sqlite);
  // A read transaction: every table is read from the same snapshot, so the rows agree with each other.
  sqlite.exec('BEGIN');
  try {
    const sourceCounts = new Map(plans.map((p) => [p.table, countSqlite(sqlite, p.table)]));
    const counts = await target.db.transaction().execute(async (trx) => {
      await refuseNonEmpty(trx, target.location);
      for (const plan of plans) {
        await copyTable(sqlite, trx, plan, sourceCounts.get(plan.table) ?? 0, options);
      }
      const counts: TableCount[] = [];
      for (const plan of plans) {
        counts.push({
          table: plan.table,
          source: sourceCounts.get(plan.table) ?? 0,
          target: await countPostgres(trx, plan.table),
        });
      }
      const differ = counts.filter((c) => c.source !== c.target);
      if (differ.length > 0) {
        throw new CopyError(
          'counts_differ',
          `the row counts differ in ${differ.map((c) => c.table).join(', ')}; nothing was committed`,
          counts,
        );
      }
      await advanceSequences(trx);
      return counts;
    });
    return { source, target: target.location, schemaVersion: version, counts };
  } finally {
    sqlite.exec('ROLLBACK');
  }
}

/**
 * What to read of each table: PostgreSQL's columns, which must be SQLite's (plus the `rowid` identity
 * column standing for SQLite's implicit one). Both were just migrated by the same code, so a
 * difference is a schema bug, and copying anyway would drop a column's values. Generated columns
 * (an account's company and email domain) are computed by each side and not copied; SQLite's table
 * info leaves them out too.
 */
async function planTables(sqlite: SqliteConnection, target: Database): Promise<TablePlan[]> {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND is_generated = 'NEVER'
    ORDER BY table_name, ordinal_position`.execute(target.db);
  const withoutRowid = new Set(
    (sqlite.prepare('PRAGMA table_list').all() as { name: string; wr: number }[])
      .filter((t) => t.wr === 1)
      .map((t) => t.name),
  );
  return COPY_ORDER.map((table) => {
    const columns = rows.filter((r) => r.table_name === table).map((r) => r.column_name);
    const sqliteColumns = (
      sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]
    ).sort();
    const hasRowid = !withoutRowid.has(table);
    // SQLite's rowid is implicit: not among its columns, yet readable by that name.
    const expected = columns.filter((c) => !(c === 'rowid' && hasRowid)).sort();
    if (sqliteColumns.length === 0 || expected.join() !== sqliteColumns.join()) {
      throw new CopyError(
        'schema_mismatch',
        `table ${table} has columns (${sqliteColumns.join(', ')}) in SQLite but (${columns.join(', ')}) in PostgreSQL`,
      );
    }
    return { table, columns, hasRowid };
  });
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

function countSqlite(sqlite: SqliteConnection, table: CopiedTable): number {
  return sqlite
    .prepare(`SELECT count(*) FROM ${quote(table)}`)
    .pluck()
    .get() as number;
}

async function countPostgres(trx: Tx, table: CopiedTable): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(trx);
  return Number(rows[0]?.n ?? 0);
}

/**
 * The rows a migration writes into a new database: the SCORE definition exists from the start. One
 * never edited since (updated when it was created) is no sign that the database is in use; the copy
 * replaces it with the source's own.
 */
const SEEDED_BY_MIGRATION: Partial<Record<CopiedTable, ReturnType<typeof sql>>> = {
  score_definitions: sql`name = 'SCORE' AND created_at = updated_at`,
};

async function refuseNonEmpty(trx: Tx, location: string): Promise<void> {
  for (const table of COPY_ORDER) {
    const seeded = SEEDED_BY_MIGRATION[table];
    const unless = seeded ? sql` WHERE NOT (${seeded})` : sql``;
    const { rows } = await sql`SELECT 1 FROM ${sql.table(table)}${unless} LIMIT 1`.execute(trx);
    if (rows.length > 0) {
      throw new CopyError(
        'target_not_empty',
        `${location} already holds Scoreflow data (table ${table} has rows). ` +
          'Copy into a new, empty database (or drop and create this one again).',
      );
    }
  }
  for (const [table, seeded] of Object.entries(SEEDED_BY_MIGRATION)) {
    await sql`DELETE FROM ${sql.table(table)} WHERE ${seeded}`.execute(trx);
  }
}

/** Reads `plan.table` in rowid order (a WITHOUT ROWID table in its key order) and inserts it in batches. */
async function copyTable(
  sqlite: SqliteConnection,
  trx: Tx,
  plan: TablePlan,
  total: number,
  options: CopyOptions,
): Promise<void> {
  const size = Math.max(
    1,
    Math.min(options.batchSize ?? DEFAULT_BATCH, Math.floor(MAX_PARAMETERS / plan.columns.length)),
  );
  const order = plan.hasRowid ? ' ORDER BY rowid' : '';
  const rows = sqlite
    .prepare(`SELECT ${plan.columns.map(quote).join(', ')} FROM ${quote(plan.table)}${order}`)
    .iterate() as IterableIterator<Row>;
  let batch: Row[] = [];
  let copied = 0;
  const flush = async () => {
    try {
      await insertRows(trx, plan.table, batch);
    } catch (error) {
      throw new CopyError(
        'copy_failed',
        `copying ${plan.table} failed after ${copied} rows, nothing was committed: ${
          error instanceof Error ? error.message : String(error)
        }`,
        undefined,
        error,
      );
    }
    copied += batch.length;
    batch = [];
    options.onProgress?.({ table: plan.table, copied, total });
  };
  for (const row of rows) {
    batch.push(row);
    if (batch.length >= size) await flush();
  }
  if (batch.length > 0 || copied === 0) await flush();
}

async function insertRows(trx: Tx, table: CopiedTable, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  // The rows are the table's own columns, read from the same schema; Kysely cannot follow a table
  // name chosen at run time to its row type.
  await trx
    .insertInto(table)
    .values(rows as never)
    .execute();
}

/**
 * The copied rows carry their ids, which identity columns do not count: without this the next insert
 * would be given id 1 again and collide with a copied row.
 */
async function advanceSequences(trx: Tx): Promise<void> {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND is_identity = 'YES'`.execute(trx);
  const copied = new Set<string>(COPY_ORDER);
  for (const { table_name: table, column_name: column } of rows) {
    if (!copied.has(table)) continue;
    await sql`SELECT setval(pg_get_serial_sequence(${table}, ${column}), max(${sql.ref(column)}))
      FROM ${sql.table(table)} HAVING max(${sql.ref(column)}) IS NOT NULL`.execute(trx);
  }
}

/** The counts of both sides, one table a line, differences marked. */
export function describeCounts(counts: readonly TableCount[]): string {
  const width = Math.max(...counts.map((c) => c.table.length), 'table'.length);
  const n = (value: number) => value.toLocaleString('en-US').padStart(12);
  return [
    `  ${'table'.padEnd(width)}  ${'SQLite'.padStart(12)}  ${'PostgreSQL'.padStart(12)}`,
    ...counts.map(
      (c) =>
        `  ${c.table.padEnd(width)}  ${n(c.source)}  ${n(c.target)}${c.source === c.target ? '' : '  DIFFERS'}`,
    ),
  ].join('\n');
}

export interface CopyArguments {
  from: string;
  to: string;
}

/** `--from <file> --to <url>` (or `--from=<file>`); `--to` defaults to DATABASE_URL. Undefined: wrong usage. */
export function parseArguments(argv: readonly string[], env: NodeJS.ProcessEnv): CopyArguments | undefined {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const match = /^--(from|to)(?:=(.*))?$/.exec(arg);
    if (!match?.[1]) return undefined;
    const value = match[2] ?? argv[++i];
    if (value === undefined || value === '' || values[match[1]] !== undefined) return undefined;
    values[match[1]] = value;
  }
  const to = values.to ?? (env.DATABASE_URL || undefined);
  if (!values.from || !to) return undefined;
  return { from: values.from, to };
}

// Progress within a table is only worth printing when the table takes a while.
const PROGRESS_FROM_ROWS = 100_000;

function printProgress(): (progress: CopyProgress) => void {
  let shown = 0;
  return ({ table, copied, total }) => {
    if (copied >= total) {
      shown = 0;
      process.stdout.write(
        `${table}: ${copied.toLocaleString('en-US')} row${copied === 1 ? '' : 's'} copied\n`,
      );
      return;
    }
    if (total < PROGRESS_FROM_ROWS) return;
    const percent = Math.floor((copied / total) * 100);
    if (percent < shown + 10) return;
    shown = percent;
    process.stdout.write(
      `${table}: ${percent}% (${copied.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows)\n`,
    );
  };
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const args = parseArguments(argv, process.env);
  if (!args) fail(USAGE, 2);
  const started = Date.now();
  process.stdout.write(`copying ${path.resolve(args.from)} into ${displayLocation(args.to)}\n`);
  const result = await copyToPostgres({ ...args, onProgress: printProgress() });
  const rows = result.counts.reduce((sum, c) => sum + c.source, 0);
  process.stdout.write(`${describeCounts(result.counts)}\n`);
  process.stdout.write(
    `copied ${rows.toLocaleString('en-US')} rows of ${result.counts.length} tables (schema version ` +
      `${result.schemaVersion}) in ${((Date.now() - started) / 1000).toFixed(1)} s; the counts of both sides match.\n` +
      `Next: set DATABASE_URL to ${result.target} for every Scoreflow process, then start them.\n`,
  );
}

function failed(err: unknown): never {
  if (err instanceof CopyError) {
    if (err.counts) process.stderr.write(`${describeCounts(err.counts)}\n`);
    fail(`copy failed: ${err.message}`);
  }
  if (err instanceof StoreError) fail(`copy failed: ${err.message}`);
  fail(`copy failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
}

/** Whether this module is the script node was started with (a test imports it instead). */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) main(process.argv.slice(2)).catch(failed);
