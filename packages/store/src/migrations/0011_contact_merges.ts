import type { Migration } from './types.js';

/**
 * Merging contacts: which removed contact went into which (so its id keeps answering), the identifiers
 * a contact gained from the ones merged into it, and a ledger whose rows can move to the surviving
 * contact while saying where they came from. The ledger is rebuilt because SQLite can change neither a
 * CHECK (the new cause `merge`) nor a trigger's condition in place.
 */
export const contactMerges: Migration = {
  version: 11,
  name: 'contact_merges',
  up(db) {
    db.exec(`
      -- One row per removed contact; into_id always names a contact that exists (a later merge of
      -- the survivor re-points the rows), so a redirect is one lookup, never a chain.
      CREATE TABLE contact_merges (
        from_id     TEXT PRIMARY KEY,
        into_id     TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        email       TEXT,
        external_id TEXT,
        actor       TEXT,
        summary     TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(summary)),
        merged_at   INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX contact_merges_by_into ON contact_merges (into_id);

      -- Secondary identifiers: an event naming one of them belongs to contact_id. The primary ones stay
      -- on contacts; a value is in one of the two places, never both, because the merged contact that
      -- held it as primary is removed.
      CREATE TABLE contact_identities (
        kind       TEXT NOT NULL CHECK (kind IN ('email', 'externalId')),
        value      TEXT NOT NULL,
        contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (kind, value)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX contact_identities_by_contact ON contact_identities (contact_id);

      CREATE TABLE score_ledger_new (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        contact_id      TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        score           TEXT NOT NULL,
        delta           REAL NOT NULL,
        value           REAL NOT NULL,
        cause_kind      TEXT NOT NULL CHECK (cause_kind IN ('flow', 'decay', 'manual', 'exit', 'merge')),
        flow_id         TEXT,
        flow_version    INTEGER,
        node_id         TEXT,
        run_id          TEXT,
        event_id        TEXT,
        actor           TEXT,
        note            TEXT,
        idempotency_key TEXT UNIQUE,
        created_at      INTEGER NOT NULL,
        -- The contact the row was written for, once it moved to the contact that contact merged into.
        merged_from     TEXT
      ) STRICT;
      INSERT INTO score_ledger_new (id, contact_id, score, delta, value, cause_kind, flow_id, flow_version,
                                    node_id, run_id, event_id, actor, note, idempotency_key, created_at)
        SELECT id, contact_id, score, delta, value, cause_kind, flow_id, flow_version,
               node_id, run_id, event_id, actor, note, idempotency_key, created_at
        FROM score_ledger;
      DROP TABLE score_ledger;
      ALTER TABLE score_ledger_new RENAME TO score_ledger;
      CREATE INDEX score_ledger_by_contact_score ON score_ledger (contact_id, score, id);
      -- Still append-only, with one exception: a merge moves a row to the surviving contact and labels
      -- it with the contact it was written for (kept from an earlier merge), changing nothing else.
      CREATE TRIGGER score_ledger_append_only BEFORE UPDATE ON score_ledger
      WHEN NOT (
        NEW.id = OLD.id AND NEW.score = OLD.score AND NEW.delta = OLD.delta AND NEW.value = OLD.value
        AND NEW.cause_kind = OLD.cause_kind AND NEW.flow_id IS OLD.flow_id
        AND NEW.flow_version IS OLD.flow_version AND NEW.node_id IS OLD.node_id
        AND NEW.run_id IS OLD.run_id AND NEW.event_id IS OLD.event_id AND NEW.actor IS OLD.actor
        AND NEW.note IS OLD.note AND NEW.idempotency_key IS OLD.idempotency_key
        AND NEW.created_at = OLD.created_at AND NEW.contact_id <> OLD.contact_id
        AND NEW.merged_from IS coalesce(OLD.merged_from, OLD.contact_id)
      )
      BEGIN
        SELECT RAISE(ABORT, 'score_ledger rows are append-only');
      END;
    `);
  },
};
