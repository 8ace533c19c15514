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
  'numbers the attempts of runs retried before it from the retry times, and every other run as attempt 1',
  () => {
    const db = new Database(join(tmp.dir, 'attempts.sqlite'));
    runMigrations(db, MIGRATIONS.slice(0, 11));
    // Only the tables the migration touches are filled; the flow, version and contact do not matter here.
    db.pragma('foreign_keys = OFF');
    const run = db.prepare(
      `INSERT INTO runs (id, flow_id, flow_version, contact_id, status, started_at, updated_at)
     VALUES (?, 'f', 1, 'c', 'completed', 0, 0)`,
    );
    run.run('retried');
    run.run('plain');
    const step = db.prepare(
      `INSERT INTO run_steps (id, run_id, node_id, node_type, attempt, status, started_at, ended_at)
     VALUES (?, ?, 'w', 'action.webhook', ?, ?, ?, ?)`,
    );
    step.run('s1', 'retried', 0, 'ok', 10, 10);
    step.run('s2', 'retried', 1, 'error', 20, 20);
    step.run('s3', 'retried', 2, 'ok', 40, 40);
    step.run('s4', 'plain', 0, 'ok', 50, 50);
    db.prepare(
      `INSERT INTO run_actions (run_id, action, actor, created_at) VALUES ('retried', 'retry', 'ana', 30)`,
    ).run();

    expect(runMigrations(db, MIGRATIONS.slice(0, 12))).toEqual([12]);
    expect(db.prepare('SELECT id, attempt FROM runs ORDER BY id').all()).toEqual([
      { id: 'plain', attempt: 1 },
      { id: 'retried', attempt: 2 },
    ]);
    expect(db.prepare('SELECT id, run_attempt FROM run_steps ORDER BY id').all()).toEqual([
      { id: 's1', run_attempt: 1 },
      { id: 's2', run_attempt: 1 },
      { id: 's3', run_attempt: 2 },
      { id: 's4', run_attempt: 1 },
    ]);
    db.close();
  },
);
