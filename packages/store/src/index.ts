// Raw SQL for the few places outside the store that need it (tests, the copy command), compiled for
// whichever database the store is on.
export { CompiledQuery, sql } from 'kysely';
export * from './accounts/accountOf.js';
export * from './accounts/freeMail.js';
export * from './backup.js';
export * from './database.js';
export { startBackgroundCheckpoints } from './dialects/sqliteCheckpoints.js';
export * from './errors.js';
export { newId } from './ids.js';
export {
  LATEST_SCHEMA_VERSION,
  MIGRATIONS,
  type Migration,
  runMigrations,
  schemaVersion,
} from './migrations/index.js';
export {
  POSTGRES_MIGRATIONS,
  type PostgresMigration,
  postgresSchemaVersion,
  runPostgresMigrations,
} from './migrations/postgres.js';
export * from './repositories/access.js';
export * from './repositories/accounts.js';
export * from './repositories/anonymousEvents.js';
export * from './repositories/cappedSends.js';
export * from './repositories/catalog.js';
export type { ContactBatchRepository, ContactUpsert } from './repositories/contactBatch.js';
export * from './repositories/contactExport.js';
export * from './repositories/contactList.js';
export * from './repositories/contacts.js';
export type { RepositoryContext } from './repositories/context.js';
export * from './repositories/edgeCounts.js';
export * from './repositories/emailTemplates.js';
export * from './repositories/eventReplay.js';
export * from './repositories/events.js';
export * from './repositories/fitMatches.js';
export * from './repositories/flowReport.js';
export * from './repositories/flows.js';
export * from './repositories/health.js';
export * from './repositories/ledger.js';
export * from './repositories/memberships.js';
export * from './repositories/merges.js';
export * from './repositories/outbox.js';
export * from './repositories/profiles.js';
export * from './repositories/retention.js';
export * from './repositories/runActions.js';
export * from './repositories/runs.js';
export * from './repositories/scoreDefinitions.js';
export * from './repositories/scores.js';
export * from './repositories/scoringModels.js';
export * from './repositories/secrets.js';
export * from './repositories/seeds.js';
export * from './repositories/sentEmails.js';
export * from './repositories/settings.js';
export * from './repositories/steps.js';
export * from './repositories/thresholds.js';
export * from './repositories/triggers.js';
export * from './repositories/waits.js';
export type { DB } from './schema.js';
export * from './store.js';
