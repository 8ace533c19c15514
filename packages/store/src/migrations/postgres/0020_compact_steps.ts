/**
 * Migration 20 (`compact_steps`) on PostgreSQL: see the SQLite migration of the same number. The
 * idempotency key's unique index becomes the primary key; the identity column `rowid` stays (it orders
 * a run's steps and retention deletes by it).
 */
export const compactSteps = `
ALTER TABLE run_steps DROP COLUMN id;
ALTER TABLE run_steps DROP CONSTRAINT run_steps_run_id_node_id_attempt_key,
  ADD PRIMARY KEY (run_id, node_id, attempt);
ALTER TABLE run_steps ALTER COLUMN input DROP NOT NULL, ALTER COLUMN input DROP DEFAULT,
  DROP CONSTRAINT run_steps_input_check,
  ADD CONSTRAINT run_steps_input_check CHECK (input IS NULL OR input::json IS NOT NULL);
`;
