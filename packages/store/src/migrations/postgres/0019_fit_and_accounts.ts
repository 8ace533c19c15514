/** Migration 19 (`fit_and_accounts`) on PostgreSQL: see the SQLite migration of the same number. */
export const fitAndAccounts = `
ALTER TABLE score_ledger DROP CONSTRAINT score_ledger_cause_kind_check;
ALTER TABLE score_ledger ADD CONSTRAINT score_ledger_cause_kind_check
  CHECK (cause_kind IN ('flow', 'decay', 'manual', 'exit', 'merge', 'fit'));

CREATE TABLE fit_matches (
  contact_id text NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  model_id   text NOT NULL,
  rule_id    text NOT NULL,
  points     double precision NOT NULL,
  PRIMARY KEY (contact_id, model_id, rule_id)
);

ALTER TABLE contacts ADD COLUMN company_key text
  GENERATED ALWAYS AS (nullif(lower(btrim(attributes::jsonb ->> 'company')), '')) STORED;
ALTER TABLE contacts ADD COLUMN email_domain text
  GENERATED ALWAYS AS (nullif(split_part(email, '@', 2), '')) STORED;
CREATE INDEX contacts_by_company ON contacts (company_key);
CREATE INDEX contacts_by_email_domain ON contacts (email_domain);
CREATE TABLE free_mail_domains (domain text PRIMARY KEY);

ALTER TABLE score_definitions ADD COLUMN account text NOT NULL DEFAULT 'sum'
  CHECK (account IN ('sum', 'max', 'average'));

CREATE TABLE account_thresholds (
  flow_id     text NOT NULL,
  node_id     text NOT NULL,
  account_key text NOT NULL,
  contact_id  text NOT NULL,
  fired_at    bigint NOT NULL,
  PRIMARY KEY (flow_id, node_id, account_key)
);

CREATE TRIGGER scoring_models_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON scoring_models
  FOR EACH STATEMENT EXECUTE FUNCTION scoreflow_trigger_index_changed();
`;
