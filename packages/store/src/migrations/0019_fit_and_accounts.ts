import type { Migration } from './types.js';

/**
 * Fit rules and accounts.
 * - The ledger's cause gains "fit" (an attribute rule of a scoring model started or stopped
 *   counting). SQLite cannot change a CHECK in place: the table is rebuilt as migration 11 did, ids
 *   copied so AUTOINCREMENT goes on after the largest, with its index and append-only trigger.
 * - `fit_matches`: which rules count for a contact now, and for how many points, so a rule that stops
 *   matching takes back exactly what it gave and a changed rule moves the score by the difference.
 * - Accounts come from two generated columns (the `company` attribute, else the email's domain), so no
 *   write path can forget them; free-mail domains are a table the store fills from a maintained list.
 * - Each score says how its accounts add it up (`account`: sum, max or average of the contacts').
 * - `account_thresholds`: which account-threshold triggers fired for which account (once each).
 * - Scoring models move the catalog version: their fit rules and grading are read from the catalog.
 */
export const fitAndAccounts: Migration = {
  version: 19,
  name: 'fit_and_accounts',
  up(db) {
    db.exec(`
      CREATE TABLE score_ledger_new (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        contact_id      TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        score           TEXT NOT NULL,
        delta           REAL NOT NULL,
        value           REAL NOT NULL,
        cause_kind      TEXT NOT NULL CHECK (cause_kind IN ('flow', 'decay', 'manual', 'exit', 'merge', 'fit')),
        flow_id         TEXT,
        flow_version    INTEGER,
        node_id         TEXT,
        run_id          TEXT,
        event_id        TEXT,
        actor           TEXT,
        note            TEXT,
        idempotency_key TEXT UNIQUE,
        created_at      INTEGER NOT NULL,
        merged_from     TEXT
      ) STRICT;
      INSERT INTO score_ledger_new SELECT id, contact_id, score, delta, value, cause_kind, flow_id,
        flow_version, node_id, run_id, event_id, actor, note, idempotency_key, created_at, merged_from
        FROM score_ledger;
      DROP TABLE score_ledger;
      ALTER TABLE score_ledger_new RENAME TO score_ledger;
      CREATE INDEX score_ledger_by_contact_score ON score_ledger (contact_id, score, id);
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

      CREATE TABLE fit_matches (
        contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        model_id   TEXT NOT NULL,
        rule_id    TEXT NOT NULL,
        points     REAL NOT NULL,
        PRIMARY KEY (contact_id, model_id, rule_id)
      ) STRICT, WITHOUT ROWID;

      ALTER TABLE contacts ADD COLUMN company_key TEXT
        GENERATED ALWAYS AS (nullif(lower(trim(json_extract(attributes, '$.company'))), '')) VIRTUAL;
      ALTER TABLE contacts ADD COLUMN email_domain TEXT
        GENERATED ALWAYS AS (CASE WHEN instr(email, '@') > 0 THEN substr(email, instr(email, '@') + 1) END) VIRTUAL;
      CREATE INDEX contacts_by_company ON contacts (company_key);
      CREATE INDEX contacts_by_email_domain ON contacts (email_domain);
      CREATE TABLE free_mail_domains (domain TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;

      ALTER TABLE score_definitions ADD COLUMN account TEXT NOT NULL DEFAULT 'sum'
        CHECK (account IN ('sum', 'max', 'average'));

      CREATE TABLE account_thresholds (
        flow_id     TEXT NOT NULL,
        node_id     TEXT NOT NULL,
        account_key TEXT NOT NULL,
        contact_id  TEXT NOT NULL,
        fired_at    INTEGER NOT NULL,
        PRIMARY KEY (flow_id, node_id, account_key)
      ) STRICT, WITHOUT ROWID;
    `);
    for (const change of ['INSERT', 'UPDATE', 'DELETE']) {
      db.exec(`
        CREATE TRIGGER scoring_models_${change.toLowerCase()} AFTER ${change} ON scoring_models BEGIN
          INSERT INTO trigger_index_version (id, version) VALUES (1, 1)
            ON CONFLICT (id) DO UPDATE SET version = version + 1;
        END;
      `);
    }
  },
};
