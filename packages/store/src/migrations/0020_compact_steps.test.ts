import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { TEST_POSTGRES_URL } from '../testing.js';
import { tempDir } from '../testSupport.js';
import { MIGRATIONS, runMigrations } from './index.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

// SQLite only: the table is rebuilt there; PostgreSQL changes its constraints in place.
it.skipIf(TEST_POSTGRES_URL)(
  'keeps every recorded step, its input and its order, keyed by run, node and visit',
  () => {
    const db = new Database(join(tmp.dir, 'steps.sqlite'));
    runMigrations(db, MIGRATIONS.slice(0, 19));
    // Only the tables the migration touches are filled; the flow, version and contact do not matter here.
    db.pragma('foreign_keys = OFF');
    db.prepare(
      `INSERT INTO runs (id, flow_id, flow_version, contact_id, status, started_at, updated_at)
       VALUES ('r', 'f', 1, 'c', 'completed', 0, 0)`,
    ).run();
    const step = db.prepare(
      `INSERT INTO run_steps (id, run_id, node_id, node_type, attempt, status, input, output, started_at, ended_at)
       VALUES (?, 'r', ?, 'action.addTag', ?, 'ok', ?, '{"tag":"vip"}', 10, 10)`,
    );
    // Ids that sort against the order the steps were recorded in.
    step.run('z', 't', 0, '{"trigger":"t"}');
    step.run('a', 'n', 0, '{"trigger":"t"}');
    step.run('m', 'n', 1, '{"resume":"elapsed"}');

    expect(runMigrations(db, MIGRATIONS.slice(0, 20))).toEqual([20]);
    expect(
      db
        .prepare('SELECT node_id, attempt, input, output FROM run_steps WHERE run_id = ? ORDER BY rowid')
        .all('r'),
    ).toEqual([
      { node_id: 't', attempt: 0, input: '{"trigger":"t"}', output: '{"tag":"vip"}' },
      { node_id: 'n', attempt: 0, input: '{"trigger":"t"}', output: '{"tag":"vip"}' },
      { node_id: 'n', attempt: 1, input: '{"resume":"elapsed"}', output: '{"tag":"vip"}' },
    ]);
    // The key is still the step's idempotency key.
    expect(() =>
      db
        .prepare(
          `INSERT INTO run_steps (run_id, node_id, node_type, attempt, status, started_at, ended_at)
           VALUES ('r', 'n', 'action.addTag', 1, 'ok', 20, 20)`,
        )
        .run(),
    ).toThrow(/UNIQUE constraint failed: run_steps.run_id, run_steps.node_id, run_steps.attempt/);
    db.close();
  },
);
