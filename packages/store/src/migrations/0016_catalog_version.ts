import type { Migration } from './types.js';

/**
 * Score definitions move the counter of migration 14 too, so each process keeps them in memory with
 * the trigger index (the catalog, see repositories/catalog.ts): a job reads one small row instead of
 * one definition per score it changes. The table keeps its first name.
 */
export const catalogVersion: Migration = {
  version: 16,
  name: 'catalog_version',
  up(db) {
    // The same statement as migration 14's triggers on flow_triggers, after each kind of change.
    for (const change of ['INSERT', 'UPDATE', 'DELETE']) {
      db.exec(`
        CREATE TRIGGER score_definitions_${change.toLowerCase()} AFTER ${change} ON score_definitions BEGIN
          INSERT INTO trigger_index_version (id, version) VALUES (1, 1)
            ON CONFLICT (id) DO UPDATE SET version = version + 1;
        END;
      `);
    }
  },
};
