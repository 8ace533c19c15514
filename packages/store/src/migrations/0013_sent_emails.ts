import type { Migration } from './types.js';

/**
 * The email as it was sent, kept beside its outbox row so support can show a contact exactly what went
 * out (a template edited since would otherwise rewrite history); and a record of one-time seeds, so
 * sample content is created once and never comes back after a user deleted it.
 */
export const sentEmails: Migration = {
  version: 13,
  name: 'sent_emails',
  up(db) {
    db.exec(`
      -- One row per delivered email outbox row; removed with it (retention, contact deletion).
      CREATE TABLE sent_emails (
        outbox_id       TEXT PRIMARY KEY REFERENCES outbox (id) ON DELETE CASCADE,
        template        TEXT NOT NULL,
        sender          TEXT NOT NULL,
        recipient       TEXT NOT NULL,
        subject         TEXT NOT NULL,
        html            TEXT NOT NULL DEFAULT '',
        text            TEXT NOT NULL DEFAULT '',
        headers         TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(headers)),
        unsubscribe_url TEXT NOT NULL,
        -- 'none': no email server was configured, so this is the email as it would have gone.
        sent_via        TEXT NOT NULL DEFAULT 'smtp' CHECK (sent_via IN ('smtp', 'none')),
        sent_at         INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE seeds (
        name       TEXT PRIMARY KEY,
        applied_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
