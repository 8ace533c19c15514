import type { Migration } from './types.js';

/**
 * Run attempts: a run starts at attempt 1 and each support retry starts the next one; every step
 * records the attempt it ran in, so support screens can tell the current state of a node from the
 * failures that a retry already repaired. Runs retried before this migration get their attempts from
 * the retry actions' times, the best that is known about them.
 */
export const runAttempts: Migration = {
  version: 12,
  name: 'run_attempts',
  up(db) {
    db.exec(`
      ALTER TABLE runs ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1 CHECK (attempt >= 1);
      ALTER TABLE run_steps ADD COLUMN run_attempt INTEGER NOT NULL DEFAULT 1 CHECK (run_attempt >= 1);

      -- Only runs that were retried change: the defaults are right for every other row.
      UPDATE runs SET attempt = 1 + (
        SELECT count(*) FROM run_actions a WHERE a.run_id = runs.id AND a.action = 'retry')
      WHERE id IN (SELECT run_id FROM run_actions WHERE action = 'retry');
      UPDATE run_steps SET run_attempt = 1 + (
        SELECT count(*) FROM run_actions a
        WHERE a.run_id = run_steps.run_id AND a.action = 'retry' AND a.created_at <= run_steps.started_at)
      WHERE run_id IN (SELECT run_id FROM run_actions WHERE action = 'retry');
    `);
  },
};
