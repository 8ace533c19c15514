import type { Migration } from './types.js';

/** Score bands, threshold hysteresis state, the stored engagement level, and the runs list's index. */
export const scoring: Migration = {
  version: 6,
  name: 'scoring',
  up(db) {
    db.exec(`
      ALTER TABLE score_definitions ADD COLUMN bands TEXT CHECK (bands IS NULL OR json_valid(bands));
      UPDATE score_definitions
         SET bands = '[{"name":"new","min":null},{"name":"warm","min":20},{"name":"MQL","min":50},{"name":"SQL","min":81}]'
       WHERE name = 'SCORE';

      -- A score-threshold trigger with hysteresis that fired for a contact stays disarmed (a row here)
      -- until the score moves back past the margin.
      CREATE TABLE threshold_disarmed (
        contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        flow_id    TEXT NOT NULL,
        node_id    TEXT NOT NULL,
        since      INTEGER NOT NULL,
        PRIMARY KEY (contact_id, flow_id, node_id)
      ) STRICT, WITHOUT ROWID;

      -- The unfiltered runs list ("newest first") must not sort the whole table.
      CREATE INDEX runs_by_started ON runs (started_at);

      ALTER TABLE contacts ADD COLUMN engagement_level TEXT;
      CREATE INDEX contacts_by_engagement ON contacts (engagement_level);
    `);
  },
};
