import type { Migration } from './types.js';

/**
 * A counter that moves whenever the trigger index does, so each process can keep the whole index in
 * memory and re-read it only when the counter says it changed (one small read per job instead of one
 * per trigger lookup). Database triggers move it, so every change counts, whoever makes it: the
 * repository, a cascade from a deleted flow version, a hand-written statement.
 */
export const triggerIndexVersion: Migration = {
  version: 14,
  name: 'trigger_index_version',
  up(db) {
    db.exec(`
      CREATE TABLE trigger_index_version (
        id      INTEGER PRIMARY KEY CHECK (id = 1),
        version INTEGER NOT NULL
      ) STRICT;

      CREATE TRIGGER flow_triggers_inserted AFTER INSERT ON flow_triggers BEGIN
        INSERT INTO trigger_index_version (id, version) VALUES (1, 1)
          ON CONFLICT (id) DO UPDATE SET version = version + 1;
      END;
      CREATE TRIGGER flow_triggers_updated AFTER UPDATE ON flow_triggers BEGIN
        INSERT INTO trigger_index_version (id, version) VALUES (1, 1)
          ON CONFLICT (id) DO UPDATE SET version = version + 1;
      END;
      CREATE TRIGGER flow_triggers_deleted AFTER DELETE ON flow_triggers BEGIN
        INSERT INTO trigger_index_version (id, version) VALUES (1, 1)
          ON CONFLICT (id) DO UPDATE SET version = version + 1;
      END;
    `);
  },
};
