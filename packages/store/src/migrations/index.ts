import type { SqliteConnection as Db } from '../database.js';
import { StoreError } from '../errors.js';
import { initial } from './0001_initial.js';
import { contacts } from './0002_contacts.js';
import { runs } from './0003_runs.js';
import { scoreDefinitions } from './0004_score_definitions.js';
import { integrations } from './0005_integrations.js';
import { scoring } from './0006_scoring.js';
import { scoringModels } from './0007_scoring_models.js';
import { access } from './0008_access.js';
import { outboxKindText } from './0009_outbox_kind_text.js';
import { anonymousEvents } from './0010_anonymous_events.js';
import { contactMerges } from './0011_contact_merges.js';
import { runAttempts } from './0012_run_attempts.js';
import { sentEmails } from './0013_sent_emails.js';
import { triggerIndexVersion } from './0014_trigger_index_version.js';
import { edgeCountShards } from './0015_edge_count_shards.js';
import { catalogVersion } from './0016_catalog_version.js';
import { frequencyCaps } from './0017_frequency_caps.js';
import { versionMoves } from './0018_version_moves.js';
import { fitAndAccounts } from './0019_fit_and_accounts.js';
import { compactSteps } from './0020_compact_steps.js';
import { activeRunsIndex } from './0021_active_runs_index.js';
import type { Migration } from './types.js';

export type { Migration } from './types.js';

/** Every migration, in order. */
export const MIGRATIONS: readonly Migration[] = [
  initial,
  contacts,
  runs,
  scoreDefinitions,
  integrations,
  scoring,
  scoringModels,
  access,
  outboxKindText,
  anonymousEvents,
  contactMerges,
  runAttempts,
  sentEmails,
  triggerIndexVersion,
  edgeCountShards,
  catalogVersion,
  frequencyCaps,
  versionMoves,
  fitAndAccounts,
  compactSteps,
  activeRunsIndex,
];

/** The schema version this code writes (the `user_version` of a fully migrated database). */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;

/** The database's schema version (`PRAGMA user_version`). */
export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function checkSequence(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new StoreError(
        'migrations_invalid',
        `Migration "${migration.name}" has version ${migration.version}, expected ${index + 1}`,
      );
    }
  });
}

/**
 * Applies the migrations the database has not seen yet, each in its own `BEGIN IMMEDIATE` transaction
 * that also bumps `user_version`. Refuses (code `database_too_new`) a database whose schema is newer
 * than the code: running old code on it could corrupt data it does not understand.
 * Returns the versions that were applied.
 */
export function runMigrations(db: Db, migrations: readonly Migration[] = MIGRATIONS): number[] {
  checkSequence(migrations);
  const latest = migrations.length;
  const current = schemaVersion(db);
  if (current > latest) {
    throw new StoreError(
      'database_too_new',
      `The database schema is at version ${current} but this code only knows up to ${latest}; upgrade Scoreflow`,
    );
  }
  const applied: number[] = [];
  for (const migration of migrations.slice(current)) {
    db.transaction(() => {
      // Another process may have migrated between our read and taking the write lock.
      if (schemaVersion(db) >= migration.version) return;
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
      applied.push(migration.version);
    }).immediate();
  }
  return applied;
}
