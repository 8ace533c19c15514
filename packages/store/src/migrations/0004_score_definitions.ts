import type { Migration } from './types.js';

/** Named scores with their bounds and decay policy; SCORE exists from the start. */
export const scoreDefinitions: Migration = {
  version: 4,
  name: 'score_definitions',
  up(db) {
    db.exec(`
      CREATE TABLE score_definitions (
        name        TEXT PRIMARY KEY,
        description TEXT NOT NULL DEFAULT '',
        floor       REAL,
        cap         REAL,
        decay       TEXT CHECK (decay IS NULL OR json_valid(decay)),
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL,
        CHECK (floor IS NULL OR cap IS NULL OR floor <= cap)
      ) STRICT;
      INSERT INTO score_definitions (name, description, created_at, updated_at)
      VALUES ('SCORE', 'The default lead score', unixepoch() * 1000, unixepoch() * 1000);
      -- Decay walks the contacts that hold a given score.
      CREATE INDEX scores_by_name_contact ON scores (name, contact_id);
    `);
  },
};
