import type { Migration } from './types.js';

/** Scoring model tables (asset or action, stage, points) and the flow each one generated. */
export const scoringModels: Migration = {
  version: 7,
  name: 'scoring_models',
  up(db) {
    db.exec(`
      CREATE TABLE scoring_models (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        model      TEXT NOT NULL CHECK (json_valid(model)),
        -- The generated flow; SET NULL so deleting that flow leaves the model, which can generate again.
        flow_id    TEXT REFERENCES flows (id) ON DELETE SET NULL,
        -- Row id -> node ids, as of the last generation, so the table shows what each row became.
        mapping    TEXT CHECK (mapping IS NULL OR json_valid(mapping)),
        generated_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX scoring_models_by_updated ON scoring_models (updated_at DESC);
    `);
  },
};
