import type { Migration } from './types.js';

/** Flows: editable drafts, immutable published versions and the trigger index of active flows. */
export const initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE flows (
        id             TEXT PRIMARY KEY,
        name           TEXT NOT NULL,
        status         TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'paused')),
        document       TEXT NOT NULL CHECK (json_valid(document)),
        latest_version INTEGER CHECK (latest_version IS NULL OR latest_version >= 1),
        created_at     INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX flows_by_updated ON flows (updated_at DESC);

      CREATE TABLE flow_versions (
        flow_id      TEXT NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
        version      INTEGER NOT NULL CHECK (version >= 1),
        document     TEXT NOT NULL CHECK (json_valid(document)),
        published_at INTEGER NOT NULL,
        PRIMARY KEY (flow_id, version)
      ) STRICT, WITHOUT ROWID;

      -- Runs are pinned to a version, so a published version must never change under them; the
      -- database itself refuses it, whatever code path tries.
      CREATE TRIGGER flow_versions_immutable BEFORE UPDATE ON flow_versions
      BEGIN
        SELECT RAISE(ABORT, 'flow_versions rows are immutable');
      END;

      -- One row per trigger node of the version an ACTIVE flow runs; incoming work is matched with one
      -- indexed lookup on (trigger_type, key) instead of a scan of every flow.
      CREATE TABLE flow_triggers (
        flow_id      TEXT NOT NULL,
        version      INTEGER NOT NULL,
        node_id      TEXT NOT NULL,
        trigger_type TEXT NOT NULL,
        key          TEXT NOT NULL,
        PRIMARY KEY (flow_id, node_id, trigger_type, key),
        FOREIGN KEY (flow_id, version) REFERENCES flow_versions (flow_id, version) ON DELETE CASCADE
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX flow_triggers_by_match ON flow_triggers (trigger_type, key);
    `);
  },
};
