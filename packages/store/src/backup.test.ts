import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { type BackupProgress, backupDatabase, inspectDatabaseFile, restoreDatabase } from './backup.js';
import { openDatabase, type SqliteConnection } from './database.js';
import { LATEST_SCHEMA_VERSION } from './migrations/index.js';
import { TEST_POSTGRES_URL } from './testing.js';
import { tempDir } from './testSupport.js';

const tmp = tempDir('scoreflow-backup-');
afterAll(() => tmp.cleanup());

/** A migrated SQLite file, open; `close` closes it. */
async function openFile(file: string) {
  const database = await openDatabase(file);
  return { db: database.sqlite as SqliteConnection, close: () => database.close() };
}

/** A migrated database with about 24 MiB of filler, enough for the copy to take several steps. */
async function bigDatabase() {
  const file = tmp.file('source');
  const { db, close } = await openFile(file);
  db.exec('CREATE TABLE filler (b BLOB)');
  const insert = db.prepare('INSERT INTO filler VALUES (randomblob(4000))');
  db.transaction(() => {
    for (let i = 0; i < 6000; i++) insert.run();
  })();
  return { file, db, close };
}

const countFiller = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM filler').pluck().get() as number;
  } finally {
    db.close();
  }
};

// SQLite only: backups and restores copy SQLite files; a PostgreSQL database is backed up with its own tools.
describe.skipIf(TEST_POSTGRES_URL)('backupDatabase', () => {
  it('copies a quiet database step by step, reporting progress, into a verified standalone file', async () => {
    const { file, close } = await bigDatabase();
    const progress: BackupProgress[] = [];
    const target = join(tmp.dir, 'quiet', 'backup.db');
    const summary = await backupDatabase(file, target, (p) => progress.push(p));
    await close();
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.every((p) => !p.onePass)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ remainingPages: 0, totalPages: progress[0]?.totalPages });
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]?.remainingPages).toBeLessThan(progress[i - 1]?.remainingPages as number);
    }
    expect(summary).toMatchObject({ file: target, schemaVersion: LATEST_SCHEMA_VERSION });
    expect(summary.rows.events).toBe(0);
    expect(countFiller(target)).toBe(6000);
    // Rollback-journal mode (header byte 18 is 1, WAL would be 2), no -wal: the one file is the backup.
    expect(readFileSync(target)[18]).toBe(1);
    expect(readdirSync(dirname(target))).toEqual([basename(target)]);
  });

  it('finishes in one consistent pass when another connection keeps writing', async () => {
    const { file, db, close } = await bigDatabase();
    const insert = db.prepare('INSERT INTO filler VALUES (randomblob(10))');
    let written = 0;
    const writer = setInterval(() => {
      insert.run();
      written++;
    }, 1);
    const progress: BackupProgress[] = [];
    const target = join(tmp.dir, 'busy.db');
    try {
      await backupDatabase(file, target, (p) => progress.push(p));
    } finally {
      clearInterval(writer);
    }
    await close();
    expect(written).toBeGreaterThan(0);
    expect(progress.some((p) => p.onePass)).toBe(true);
    const copied = countFiller(target);
    expect(copied).toBeGreaterThanOrEqual(6000);
    expect(copied).toBeLessThanOrEqual(6000 + written);
    expect(inspectDatabaseFile(target).schemaVersion).toBe(LATEST_SCHEMA_VERSION);
  });

  it('refuses to write over the database itself, and leaves no partial file when it fails', async () => {
    const file = tmp.file('self');
    await (await openFile(file)).close();
    await expect(backupDatabase(file, file)).rejects.toMatchObject({ code: 'target_is_source' });
    await expect(backupDatabase(join(tmp.dir, 'nothing.db'), tmp.file())).rejects.toMatchObject({
      code: 'source_missing',
    });
  });
});

// SQLite only, as above.
describe.skipIf(TEST_POSTGRES_URL)('restoreDatabase', () => {
  async function aBackup() {
    const file = tmp.file('live');
    const { db, close } = await openFile(file);
    db.prepare(
      "INSERT INTO events (id, type, payload, occurred_at, received_at, status) VALUES ('e1', 't', '{}', 0, 0, 'pending')",
    ).run();
    const backup = tmp.file('backup');
    await backupDatabase(file, backup);
    await close();
    return backup;
  }

  it('keeps the replaced database with its -wal aside and puts the backup in place', async () => {
    const backup = await aBackup();
    const target = tmp.file('target');
    const old = await openFile(target);
    old.db.exec('CREATE TABLE marker (x)');
    // An unclean stop: the -wal still holds commits of the replaced database.
    writeFileSync(`${target}-shm`, 'stale');
    const result = restoreDatabase(backup, target, new Date(Date.UTC(2026, 0, 2, 3, 4, 5)));
    await old.close();
    expect(result.replacedBy).toBe(`${target}.replaced-2026-01-02T03-04-05-000Z`);
    expect(existsSync(`${target}-shm`)).toBe(false);
    expect(existsSync(`${target}-wal`)).toBe(false);
    expect(result).toMatchObject({ pendingEvents: 1, rows: { events: 1 } });
    const restored = await openFile(target);
    expect(restored.db.prepare('SELECT id FROM events').pluck().all()).toEqual(['e1']);
    await restored.close();
  });

  it('refuses files that are not a good Scoreflow backup, leaving the target untouched', async () => {
    const target = tmp.file('untouched');
    const refuse = (file: string, code: string) => {
      expect(() => restoreDatabase(file, target)).toThrow(expect.objectContaining({ code }));
      expect(readdirSync(tmp.dir).filter((f) => f.startsWith(basename(target)))).toEqual([]);
    };
    const garbage = tmp.file('garbage');
    writeFileSync(garbage, 'not a database at all, just some text that is long enough'.repeat(100));
    refuse(garbage, 'backup_corrupt');
    refuse(join(tmp.dir, 'missing.db'), 'backup_missing');

    const other = tmp.file('other');
    new Database(other).exec('CREATE TABLE t (x)');
    refuse(other, 'backup_not_scoreflow');

    const newer = tmp.file('newer');
    copyFileSync(await aBackup(), newer);
    new Database(newer).pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    refuse(newer, 'backup_too_new');

    const live = tmp.file('withwal');
    const open = await openFile(live);
    refuse(live, 'backup_has_wal');
    await open.close();
  });
});
