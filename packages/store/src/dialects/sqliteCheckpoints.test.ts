import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../database.js';
import { tempDir } from '../testSupport.js';
import { FALLBACK_AUTOCHECKPOINT_PAGES } from './sqliteCheckpoints.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** Commits `count` transactions of a 4 KB row each: one new page of the log or more per commit. */
function writeCommits(sqlite: Database.Database, count: number) {
  sqlite.exec('CREATE TABLE IF NOT EXISTS filler (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
  const insert = sqlite.prepare('INSERT INTO filler (body) VALUES (?)');
  const body = Buffer.alloc(4096, 7);
  for (let i = 0; i < count; i++) insert.run(body);
}

describe.skipIf(process.env.SCOREFLOW_TEST_POSTGRES)('background checkpoints (SQLite)', () => {
  it('copy the log of a writing connection into the file from their own thread, not in its commits', async () => {
    const file = tmp.file();
    const database = await openDatabase(file, { backgroundCheckpoints: true });
    const sqlite = database.sqlite as Database.Database;
    try {
      // The writer itself would only checkpoint past the fallback, far above what is written here.
      expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(FALLBACK_AUTOCHECKPOINT_PAGES);
      writeCommits(sqlite, 1500);
      const copiedAll = () => {
        const last = database.checkpoints?.last();
        expect(last?.logFrames).toBeGreaterThan(0);
        expect(last?.checkpointedFrames).toBe(last?.logFrames);
        return last?.logFrames ?? 0;
      };
      const firstLog = await vi.waitFor(copiedAll, { timeout: 10_000, interval: 50 });
      // Once copied, the log starts again from its beginning: ten more commits make a short log, all of
      // it copied again, instead of a log as long as everything written.
      writeCommits(sqlite, 10);
      await vi.waitFor(() => expect(copiedAll()).toBeLessThan(firstLog / 10), {
        timeout: 10_000,
        interval: 50,
      });
    } finally {
      await database.close();
    }
    // The thread's connection closed first, so the writer's close removed the log.
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reopened = new Database(file, { readonly: true });
    expect(reopened.prepare('SELECT count(*) FROM filler').pluck().get()).toBe(1510);
    reopened.close();
  });

  it('leave the checkpoints to the writer again when their thread ends', async () => {
    const file = tmp.file();
    const database = await openDatabase(file, { backgroundCheckpoints: true });
    const sqlite = database.sqlite as Database.Database;
    try {
      await database.checkpoints?.stop();
      expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    } finally {
      await database.close();
    }
  });

  it('are off unless asked for', async () => {
    const database = await openDatabase(tmp.file());
    try {
      expect(database.checkpoints).toBeUndefined();
      expect(database.sqlite?.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    } finally {
      await database.close();
    }
  });
});
