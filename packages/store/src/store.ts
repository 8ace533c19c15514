import {
  type Database,
  type Db,
  type DialectName,
  type OpenDatabaseOptions,
  openDatabase,
} from './database.js';
import { type AccessRepository, createAccessRepository } from './repositories/access.js';
import { type AccountsRepository, createAccountsRepository } from './repositories/accounts.js';
import {
  type AnonymousEventsRepository,
  createAnonymousEventsRepository,
} from './repositories/anonymousEvents.js';
import { type CappedSendsRepository, createCappedSendsRepository } from './repositories/cappedSends.js';
import { type CatalogRepository, createCatalogRepository } from './repositories/catalog.js';
import { type ContactBatchRepository, createContactBatchRepository } from './repositories/contactBatch.js';
import { type ContactExportRepository, createContactExportRepository } from './repositories/contactExport.js';
import { type ContactListRepository, createContactListRepository } from './repositories/contactList.js';
import { type ContactsRepository, createContactsRepository } from './repositories/contacts.js';
import type { RepositoryContext } from './repositories/context.js';
import { createEdgeCountsRepository, type EdgeCountsRepository } from './repositories/edgeCounts.js';
import {
  createEmailTemplatesRepository,
  type EmailTemplatesRepository,
} from './repositories/emailTemplates.js';
import { createEventReplayRepository, type EventReplayRepository } from './repositories/eventReplay.js';
import { createEventsRepository, type EventsRepository } from './repositories/events.js';
import { createFitMatchesRepository, type FitMatchesRepository } from './repositories/fitMatches.js';
import { createFlowReportRepository, type FlowReportRepository } from './repositories/flowReport.js';
import { createFlowsRepository, type FlowsRepository } from './repositories/flows.js';
import { createHealthRepository, type HealthRepository } from './repositories/health.js';
import { createLedgerRepository, type LedgerRepository } from './repositories/ledger.js';
import {
  createListsRepository,
  createTagsRepository,
  type MembershipRepository,
} from './repositories/memberships.js';
import { createMergesRepository, type MergesRepository } from './repositories/merges.js';
import { createOutboxRepository, type OutboxRepository } from './repositories/outbox.js';
import { createProfilesRepository, type ProfilesRepository } from './repositories/profiles.js';
import { createRetentionRepository, type RetentionRepository } from './repositories/retention.js';
import { createRunActionsRepository, type RunActionsRepository } from './repositories/runActions.js';
import { createRunsRepository, type RunsRepository } from './repositories/runs.js';
import {
  createScoreDefinitionsRepository,
  type ScoreDefinitionsRepository,
} from './repositories/scoreDefinitions.js';
import { createScoresRepository, type ScoresRepository } from './repositories/scores.js';
import { createScoringModelsRepository, type ScoringModelsRepository } from './repositories/scoringModels.js';
import { createSecretsRepository, type SecretsRepository } from './repositories/secrets.js';
import { createSeedsRepository, type SeedsRepository } from './repositories/seeds.js';
import { createSentEmailsRepository, type SentEmailsRepository } from './repositories/sentEmails.js';
import { createSettingsRepository, type SettingsRepository } from './repositories/settings.js';
import { createStepsRepository, type StepsRepository } from './repositories/steps.js';
import { createThresholdStateRepository, type ThresholdStateRepository } from './repositories/thresholds.js';
import { createTriggersRepository, type TriggersRepository } from './repositories/triggers.js';
import { createWaitsRepository, type WaitsRepository } from './repositories/waits.js';
import { createTransactions } from './transactions.js';

export interface StoreOptions {
  /** The clock, in epoch milliseconds (default `Date.now`); tests inject a controllable one. */
  now?: () => number;
}

/** Every repository over one connection, plus the transaction helper. */
export interface Store {
  /** The query builder, inside `transaction` the transaction's (tests and the copy command use it). */
  readonly db: Db;
  dialect: DialectName;
  /** The open database (its raw SQLite connection or PostgreSQL pool). */
  database: Database;
  now: () => number;
  /**
   * Runs `fn` in one transaction and commits, or rolls back if it throws; resolves once committed.
   * Every repository call made while `fn` runs (awaited from it, however deep) goes to that
   * transaction; nested calls become savepoints. On SQLite it begins with `BEGIN IMMEDIATE` (see
   * dialects/sqlite.ts) and holds the process's one connection, so `fn` must await nothing but the
   * store: no Redis, no HTTP. On PostgreSQL a deadlock or serialization failure runs `fn` again from
   * the start, up to a few times (transactions.ts).
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  flows: FlowsRepository;
  triggers: TriggersRepository;
  /** The trigger index and the score definitions, kept in memory for jobs. */
  catalog: CatalogRepository;
  contacts: ContactsRepository;
  /** A contact with its scores, tags and lists in one read (what processing reads first). */
  profiles: ProfilesRepository;
  /** The contacts' writes for a batch of many (an import), a few statements for the whole batch. */
  contactBatch: ContactBatchRepository;
  scores: ScoresRepository;
  scoreDefinitions: ScoreDefinitionsRepository;
  tags: MembershipRepository;
  lists: MembershipRepository;
  /** Contacts merged into others: redirects and secondary identifiers. */
  merges: MergesRepository;
  events: EventsRepository;
  /** Events of visitors not identified yet. */
  anonymousEvents: AnonymousEventsRepository;
  runs: RunsRepository;
  steps: StepsRepository;
  runActions: RunActionsRepository;
  edgeCounts: EdgeCountsRepository;
  /** Workspace-wide settings (the frequency caps). */
  settings: SettingsRepository;
  /** Entries, conversion and A/B test branches of a flow, for its report. */
  flowReport: FlowReportRepository;
  /** Sends frequency caps held back, from the Send email steps. */
  cappedSends: CappedSendsRepository;
  retention: RetentionRepository;
  thresholds: ThresholdStateRepository;
  /** Contacts grouped by company, their scores, and the account-threshold triggers that fired. */
  accounts: AccountsRepository;
  /** Which attribute rules count in each contact's fit score. */
  fitMatches: FitMatchesRepository;
  waits: WaitsRepository;
  ledger: LedgerRepository;
  outbox: OutboxRepository;
  emailTemplates: EmailTemplatesRepository;
  /** Emails as they were sent, one per delivered email outbox row. */
  sentEmails: SentEmailsRepository;
  /** One-time seeds (sample templates) and whether they ran. */
  seeds: SeedsRepository;
  secrets: SecretsRepository;
  /** The contacts list: sorted pages with scores and last activity. */
  contactList: ContactListRepository;
  /** Paged reads for the CSV export. */
  contactExport: ContactExportRepository;
  scoringModels: ScoringModelsRepository;
  /** Read-only paging of events for replays (the scoring model backtest). */
  eventReplay: EventReplayRepository;
  /** Users, sessions, API tokens and write keys. */
  access: AccessRepository;
  /** Backlog, event flow and delivery problems for the health page and the metrics. */
  health: HealthRepository;
  /** Closes the connection or pool. */
  close(): Promise<void>;
}

/** Builds the repositories over an open (migrated) database; see `openDatabase`. */
export function createStore(database: Database, options: StoreOptions = {}): Store {
  const now = options.now ?? Date.now;
  const transactions = createTransactions(database);
  const { transaction } = transactions;
  const context: RepositoryContext = {
    db: transactions.db,
    execute: transactions.execute,
    dialect: database.dialect,
    transaction,
    now,
  };

  const contacts = createContactsRepository(context);
  return {
    get db() {
      return context.db();
    },
    dialect: database.dialect,
    database,
    now,
    transaction,
    flows: createFlowsRepository(context),
    triggers: createTriggersRepository(context),
    catalog: createCatalogRepository(context),
    contacts,
    profiles: createProfilesRepository(context),
    contactBatch: createContactBatchRepository(context, contacts),
    scores: createScoresRepository(context),
    scoreDefinitions: createScoreDefinitionsRepository(context),
    tags: createTagsRepository(context),
    lists: createListsRepository(context),
    merges: createMergesRepository(context),
    events: createEventsRepository(context),
    anonymousEvents: createAnonymousEventsRepository(context),
    runs: createRunsRepository(context),
    steps: createStepsRepository(context),
    runActions: createRunActionsRepository(context),
    edgeCounts: createEdgeCountsRepository(context),
    settings: createSettingsRepository(context),
    flowReport: createFlowReportRepository(context),
    cappedSends: createCappedSendsRepository(context),
    retention: createRetentionRepository(context),
    thresholds: createThresholdStateRepository(context),
    accounts: createAccountsRepository(context),
    fitMatches: createFitMatchesRepository(context),
    waits: createWaitsRepository(context),
    ledger: createLedgerRepository(context),
    outbox: createOutboxRepository(context),
    emailTemplates: createEmailTemplatesRepository(context),
    sentEmails: createSentEmailsRepository(context),
    seeds: createSeedsRepository(context),
    secrets: createSecretsRepository(context),
    contactList: createContactListRepository(context),
    contactExport: createContactExportRepository(context),
    scoringModels: createScoringModelsRepository(context),
    eventReplay: createEventReplayRepository(context),
    access: createAccessRepository(context),
    health: createHealthRepository(context),
    close: () => database.close(),
  };
}

/** Opens (and migrates) the database at `location` (a file, or a `postgres://` URL) and builds the store. */
export async function openStore(
  location: string,
  options: StoreOptions & OpenDatabaseOptions = {},
): Promise<Store> {
  return createStore(await openDatabase(location, options), options);
}
