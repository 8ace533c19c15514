import type { Migration } from './types.js';

/** Contacts and what hangs on them: scores, tags, lists, received events and the score ledger. */
export const contacts: Migration = {
  version: 2,
  name: 'contacts',
  up(db) {
    db.exec(`
      CREATE TABLE contacts (
        id              TEXT PRIMARY KEY,
        email           TEXT UNIQUE CHECK (email IS NULL OR email = lower(email)),
        external_id     TEXT UNIQUE,
        attributes      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes)),
        created_at      INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL,
        last_engaged_at INTEGER,
        unsubscribed_at INTEGER
      ) STRICT;

      CREATE TABLE scores (
        contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        name       TEXT NOT NULL,
        value      REAL NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (contact_id, name)
      ) STRICT, WITHOUT ROWID;
      -- Segments and bands ("SCORE > 50") select contacts by score value.
      CREATE INDEX scores_by_value ON scores (name, value);

      CREATE TABLE contact_tags (
        contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        tag        TEXT NOT NULL,
        added_at   INTEGER NOT NULL,
        PRIMARY KEY (contact_id, tag)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX contact_tags_by_tag ON contact_tags (tag, contact_id);

      CREATE TABLE contact_lists (
        contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        list       TEXT NOT NULL,
        joined_at  INTEGER NOT NULL,
        PRIMARY KEY (contact_id, list)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX contact_lists_by_list ON contact_lists (list, contact_id);

      -- The primary key is what makes a repeated event id a duplicate forever, not only while a queue
      -- job with that id exists.
      CREATE TABLE events (
        id           TEXT PRIMARY KEY,
        type         TEXT NOT NULL,
        contact_id   TEXT REFERENCES contacts (id) ON DELETE SET NULL,
        payload      TEXT NOT NULL DEFAULT 'null' CHECK (json_valid(payload)),
        occurred_at  INTEGER NOT NULL,
        received_at  INTEGER NOT NULL,
        status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processed', 'failed')),
        error        TEXT,
        processed_at INTEGER
      ) STRICT;
      -- "clicked 3 emails in the last 30 days" and inactivity windows.
      CREATE INDEX events_by_contact_type_time ON events (contact_id, type, occurred_at);
      -- The reconciler re-queues events that were stored but never processed.
      CREATE INDEX events_by_status ON events (status, received_at);

      -- Append-only explanation of every score change. Flow, run and event references are kept as plain
      -- values, not foreign keys: deleting a flow must not erase the history that explains a score.
      CREATE TABLE score_ledger (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        contact_id      TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        score           TEXT NOT NULL,
        delta           REAL NOT NULL,
        value           REAL NOT NULL,
        cause_kind      TEXT NOT NULL CHECK (cause_kind IN ('flow', 'decay', 'manual', 'exit')),
        flow_id         TEXT,
        flow_version    INTEGER,
        node_id         TEXT,
        run_id          TEXT,
        event_id        TEXT,
        actor           TEXT,
        note            TEXT,
        -- Set for changes that must apply once even when their job runs twice (a decay period).
        idempotency_key TEXT UNIQUE,
        created_at      INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX score_ledger_by_contact_score ON score_ledger (contact_id, score, id);
      CREATE TRIGGER score_ledger_append_only BEFORE UPDATE ON score_ledger
      BEGIN
        SELECT RAISE(ABORT, 'score_ledger rows are append-only');
      END;
    `);
  },
};
