import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { TEST_POSTGRES_URL } from '../testing.js';
import { tempDir } from '../testSupport.js';
import { MIGRATIONS, runMigrations } from './index.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

// SQLite only: a SQLite migration; PostgreSQL starts at the version-13 baseline.
it.skipIf(TEST_POSTGRES_URL)(
  'rebuilds the outbox without the kind list: rows and indexes survive, any kind is accepted, STRICT stays',
  () => {
    const db = new Database(join(tmp.dir, 'outbox.sqlite'));
    db.pragma('foreign_keys = ON');
    runMigrations(db, MIGRATIONS.slice(0, 8));
    db.prepare(
      `INSERT INTO outbox (id, kind, payload, idempotency_key, status, attempts, created_at)
     VALUES ('o1', 'webhook', '{"url":"https://x.example"}', 'k1', 'failed', 3, 1)`,
    ).run();
    expect(() =>
      db
        .prepare(
          `INSERT INTO outbox (id, kind, payload, idempotency_key, created_at) VALUES ('o2', 'sms', '{}', 'k2', 1)`,
        )
        .run(),
    ).toThrow(/CHECK/);

    expect(runMigrations(db, MIGRATIONS.slice(0, 9))).toEqual([9]);
    expect(db.prepare('SELECT id, kind, status, attempts FROM outbox').all()).toEqual([
      { id: 'o1', kind: 'webhook', status: 'failed', attempts: 3 },
    ]);
    db.prepare(
      `INSERT INTO outbox (id, kind, payload, idempotency_key, created_at) VALUES ('o2', 'sms', '{}', 'k2', 1)`,
    ).run();
    expect(() =>
      db
        .prepare(
          `INSERT INTO outbox (id, kind, payload, idempotency_key, created_at) VALUES ('o3', 'sms', '{}', 'k3', 'x')`,
        )
        .run(),
    ).toThrow(/cannot store TEXT value in INTEGER column/);
    const indexes = db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox' AND sql IS NOT NULL`,
      )
      .pluck()
      .all();
    expect(indexes.sort()).toEqual(['outbox_by_contact', 'outbox_by_run', 'outbox_by_status_next']);
    db.close();
  },
);
