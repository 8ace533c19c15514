import type { Migration } from './types.js';

/** Email templates and generated secrets (webhook signing keys per flow, the unsubscribe link key). */
export const integrations: Migration = {
  version: 5,
  name: 'integrations',
  up(db) {
    db.exec(`
      CREATE TABLE email_templates (
        name       TEXT PRIMARY KEY,
        subject    TEXT NOT NULL,
        html       TEXT NOT NULL DEFAULT '',
        text       TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        CHECK (html <> '' OR text <> '')
      ) STRICT;

      -- Keys generated on first use and shared by every process on the SQLite file, so an API process
      -- verifies the unsubscribe links a worker process signed.
      CREATE TABLE secrets (
        name       TEXT PRIMARY KEY,
        value      TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
