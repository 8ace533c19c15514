import type { Migration } from './types.js';

/**
 * Run actions gain "move" (a run put on a newer version of its flow at publish). SQLite cannot change
 * a CHECK in place, so the table is rebuilt inside the migration's transaction; the ids are copied,
 * so AUTOINCREMENT goes on after the largest.
 */
export const versionMoves: Migration = {
  version: 18,
  name: 'version_moves',
  up(db) {
    db.exec(`
      CREATE TABLE run_actions_new (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id     TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        action     TEXT NOT NULL CHECK (action IN ('retry', 'restart', 'cancel', 'fastForward', 'move')),
        actor      TEXT NOT NULL,
        detail     TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail)),
        created_at INTEGER NOT NULL
      ) STRICT;
      INSERT INTO run_actions_new (id, run_id, action, actor, detail, created_at)
        SELECT id, run_id, action, actor, detail, created_at FROM run_actions;
      DROP TABLE run_actions;
      ALTER TABLE run_actions_new RENAME TO run_actions;
      CREATE INDEX run_actions_by_run ON run_actions (run_id, id);
    `);
  },
};
