import type { Migration } from './types.js';

/**
 * Smaller run steps: every step of every run is a row, so each byte of it is paid about twenty times
 * per event.
 * - A step is known by its idempotency key, (run_id, node_id, attempt), which becomes the primary key;
 *   the random text id and its index go (the API names a step by node and visit instead).
 * - A step's input is what started its execution, the same for every step of that execution: it is
 *   stored on the execution's first step, and NULL on the others means "the input of the step before".
 * SQLite cannot change a primary key in place, so the table is rebuilt inside the migration's
 * transaction, row ids copied so that the steps keep the order they were recorded in.
 */
export const compactSteps: Migration = {
  version: 20,
  name: 'compact_steps',
  up(db) {
    db.exec(`
      CREATE TABLE run_steps_new (
        run_id      TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        node_id     TEXT NOT NULL,
        attempt     INTEGER NOT NULL CHECK (attempt >= 0),
        node_type   TEXT NOT NULL,
        status      TEXT NOT NULL CHECK (status IN ('ok', 'error', 'skipped')),
        input       TEXT CHECK (input IS NULL OR json_valid(input)),
        output      TEXT NOT NULL DEFAULT 'null' CHECK (json_valid(output)),
        error       TEXT,
        started_at  INTEGER NOT NULL,
        ended_at    INTEGER NOT NULL,
        run_attempt INTEGER NOT NULL DEFAULT 1 CHECK (run_attempt >= 1),
        PRIMARY KEY (run_id, node_id, attempt)
      ) STRICT;
      INSERT INTO run_steps_new (rowid, run_id, node_id, attempt, node_type, status, input, output, error,
                                 started_at, ended_at, run_attempt)
        SELECT rowid, run_id, node_id, attempt, node_type, status, input, output, error,
               started_at, ended_at, run_attempt
        FROM run_steps ORDER BY rowid;
      DROP TABLE run_steps;
      ALTER TABLE run_steps_new RENAME TO run_steps;
    `);
  },
};
