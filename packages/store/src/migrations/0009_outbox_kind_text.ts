import type { Migration } from './types.js';

/**
 * The outbox kind becomes plain text, checked by the runtime's node table: a CHECK listing the kinds
 * needed a migration for every new outbound action. SQLite cannot drop a CHECK in place, so the table
 * is rebuilt (create, copy, drop, rename, indexes) inside the migration's transaction.
 */
export const outboxKindText: Migration = {
  version: 9,
  name: 'outbox_kind_text',
  up(db) {
    db.exec(`
      CREATE TABLE outbox_new (
        id              TEXT PRIMARY KEY,
        kind            TEXT NOT NULL CHECK (length(kind) > 0),
        contact_id      TEXT REFERENCES contacts (id) ON DELETE CASCADE,
        run_id          TEXT,
        node_id         TEXT,
        payload         TEXT NOT NULL CHECK (json_valid(payload)),
        idempotency_key TEXT NOT NULL UNIQUE,
        status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_error      TEXT,
        created_at      INTEGER NOT NULL,
        delivered_at    INTEGER,
        next_attempt_at INTEGER
      ) STRICT;
      INSERT INTO outbox_new (id, kind, contact_id, run_id, node_id, payload, idempotency_key, status,
                              attempts, last_error, created_at, delivered_at, next_attempt_at)
        SELECT id, kind, contact_id, run_id, node_id, payload, idempotency_key, status,
               attempts, last_error, created_at, delivered_at, next_attempt_at
        FROM outbox;
      DROP TABLE outbox;
      ALTER TABLE outbox_new RENAME TO outbox;
      CREATE INDEX outbox_by_status_next ON outbox (status, next_attempt_at);
      CREATE INDEX outbox_by_contact ON outbox (contact_id, created_at);
      CREATE INDEX outbox_by_run ON outbox (run_id);
    `);
  },
};
