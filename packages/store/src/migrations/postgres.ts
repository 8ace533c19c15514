import type pg from 'pg';
import { StoreError } from '../errors.js';
import { LATEST_SCHEMA_VERSION } from './index.js';
import { baseline } from './postgres/0013_baseline.js';
import { triggerIndexVersion } from './postgres/0014_trigger_index_version.js';
import { edgeCountShards } from './postgres/0015_edge_count_shards.js';
import { catalogVersion } from './postgres/0016_catalog_version.js';
import { frequencyCaps } from './postgres/0017_frequency_caps.js';
import { versionMoves } from './postgres/0018_version_moves.js';
import { fitAndAccounts } from './postgres/0019_fit_and_accounts.js';
import { compactSteps } from './postgres/0020_compact_steps.js';
import { activeRunsIndex } from './postgres/0021_active_runs_index.js';

/** One PostgreSQL schema change; `version` matches the SQLite migration of the same number. */
export interface PostgresMigration {
  version: number;
  name: string;
  sql: string;
}

/** PostgreSQL starts at the version-13 schema; see `0013_baseline.ts`. */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  { version: 13, name: 'baseline', sql: baseline },
  { version: 14, name: 'trigger_index_version', sql: triggerIndexVersion },
  { version: 15, name: 'edge_count_shards', sql: edgeCountShards },
  { version: 16, name: 'catalog_version', sql: catalogVersion },
  { version: 17, name: 'frequency_caps', sql: frequencyCaps },
  { version: 18, name: 'version_moves', sql: versionMoves },
  { version: 19, name: 'fit_and_accounts', sql: fitAndAccounts },
  { version: 20, name: 'compact_steps', sql: compactSteps },
  { version: 21, name: 'active_runs_index', sql: activeRunsIndex },
];

// Any constant both sides agree on; it only has to differ from other applications' advisory locks
// in the same database. ('scoreflow' in ASCII, as a bigint.)
const MIGRATION_LOCK = 0x73636f7265666c6fn;

/** The version recorded in `scoreflow_schema`, 0 when the database has no Scoreflow schema yet. */
export async function postgresSchemaVersion(client: pg.ClientBase): Promise<number> {
  const table = await client.query<{ exists: boolean }>(
    `SELECT to_regclass('scoreflow_schema') IS NOT NULL AS exists`,
  );
  if (!table.rows[0]?.exists) return 0;
  const row = await client.query<{ version: number }>('SELECT version FROM scoreflow_schema');
  return Number(row.rows[0]?.version ?? 0);
}

/**
 * Brings a PostgreSQL database to the latest schema. Several processes starting at once take turns
 * on an advisory lock, so exactly one applies each migration and the others find it done. Each
 * migration runs in its own transaction with the version bump. A database at a newer version than
 * this code is refused (`database_too_new`), as on SQLite. Returns the versions applied.
 */
export async function runPostgresMigrations(
  pool: pg.Pool,
  migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS,
): Promise<number[]> {
  const latest = migrations.at(-1)?.version ?? 0;
  if (latest !== LATEST_SCHEMA_VERSION) {
    throw new StoreError(
      'migrations_invalid',
      `PostgreSQL migrations end at version ${latest} but SQLite ones at ${LATEST_SCHEMA_VERSION}`,
    );
  }
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK.toString()]);
    try {
      const current = await postgresSchemaVersion(client);
      if (current > latest) {
        throw new StoreError(
          'database_too_new',
          `The database schema is at version ${current} but this code only knows up to ${latest}; upgrade Scoreflow`,
        );
      }
      const applied: number[] = [];
      for (const migration of migrations) {
        if (migration.version <= current) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query(
            `CREATE TABLE IF NOT EXISTS scoreflow_schema (
               only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), version integer NOT NULL)`,
          );
          await client.query(
            `INSERT INTO scoreflow_schema (version) VALUES ($1)
             ON CONFLICT (only_row) DO UPDATE SET version = excluded.version`,
            [migration.version],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
        applied.push(migration.version);
      }
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK.toString()]);
    }
  } finally {
    client.release();
  }
}
