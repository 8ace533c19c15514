import type { DB } from '@scoreflow/store';

/**
 * Every Scoreflow table, in the order the copy to PostgreSQL fills them: a table comes after every
 * table its foreign keys point at (see the PostgreSQL baseline schema), so each row finds its parent
 * already there and the constraints stay checked while the copy runs.
 */
export const COPY_ORDER = [
  'flows',
  'flow_versions', // -> flows
  'flow_triggers', // -> flow_versions
  'contacts',
  'contact_identities', // -> contacts
  'contact_merges', // -> contacts
  'scores', // -> contacts
  'score_ledger', // -> contacts
  'contact_tags', // -> contacts
  'contact_lists', // -> contacts
  'events', // -> contacts
  'anonymous_events',
  'runs', // -> contacts, events, flow_versions
  'run_steps', // -> runs
  'run_actions', // -> runs
  'flow_edge_counts',
  'waits', // -> runs, contacts
  'outbox', // -> contacts
  'sent_emails', // -> outbox
  'threshold_disarmed', // -> contacts
  'fit_matches', // -> contacts
  'account_thresholds',
  'score_definitions',
  'email_templates',
  'secrets',
  'seeds',
  'users',
  'sessions', // -> users
  'api_tokens', // -> users
  'write_keys',
  'scoring_models', // -> flows
  'workspace_settings',
] as const satisfies readonly (keyof DB)[];

export type CopiedTable = (typeof COPY_ORDER)[number];

/**
 * Tables that hold no data of the installation and are not copied: the trigger index version is a
 * counter the target's own database triggers move while `flow_triggers` and `score_definitions` are copied;
 * the free-mail domains are a list each store fills from the package it ships with.
 */
export const NOT_COPIED = [
  'trigger_index_version',
  'free_mail_domains',
] as const satisfies readonly (keyof DB)[];

// A table added to the schema (and so to `DB`) but to neither list above fails to compile here,
// rather than being left behind by the copy.
type Forgotten = Exclude<keyof DB, CopiedTable | (typeof NOT_COPIED)[number]>;
const everyTableListed: [Forgotten] extends [never] ? true : Forgotten = true;
void everyTableListed;
