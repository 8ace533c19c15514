import type { Migration } from './types.js';

/**
 * Frequency caps: the workspace's settings (the caps are the first), and the category of each email
 * in the outbox, so a cap per category counts with the (contact, created_at) index it already has.
 */
export const frequencyCaps: Migration = {
  version: 17,
  name: 'frequency_caps',
  up(db) {
    db.exec(`
      CREATE TABLE workspace_settings (
        key        TEXT PRIMARY KEY,
        value      TEXT NOT NULL CHECK (json_valid(value)),
        updated_at INTEGER NOT NULL
      ) STRICT;
      ALTER TABLE outbox ADD COLUMN category TEXT;
    `);
  },
};
