import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { type Database as OpenDatabase, openDatabase } from './database.js';
import { isStoreError } from './errors.js';
import { LATEST_SCHEMA_VERSION, type Migration, runMigrations, schemaVersion } from './migrations/index.js';
import { postgresSchemaVersion, runPostgresMigrations } from './migrations/postgres.js';
import { createTestDatabase, TEST_POSTGRES_URL } from './testing.js';
import { tempDir } from './testSupport.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const onPostgres = TEST_POSTGRES_URL !== undefined;

const EXPECTED_TABLES = [
  'account_thresholds',
  'anonymous_events',
  'api_tokens',
  'contact_identities',
  'contact_lists',
  'contact_merges',
  'contact_tags',
  'contacts',
  'email_templates',
  'events',
  'fit_matches',
  'flow_edge_counts',
  'flow_triggers',
  'flow_versions',
  'flows',
  'free_mail_domains',
  'outbox',
  'run_actions',
  'run_steps',
  'runs',
  'score_definitions',
  'score_ledger',
  'scores',
  'scoring_models',
  'secrets',
  'seeds',
  'sent_emails',
  'sessions',
  'threshold_disarmed',
  'trigger_index_version',
  'users',
  'waits',
  'workspace_settings',
  'write_keys',
];

/** A new empty database of the project's dialect, dropped after `fn`. */
async function withTestDatabase(fn: (location: string) => Promise<void>): Promise<void> {
  const database = await createTestDatabase(tmp.dir, `db-${Math.random().toString(36).slice(2)}.sqlite`);
  try {
    await fn(database.location);
  } finally {
    await database.drop();
  }
}

/** The schema version the open database records (user_version on SQLite, scoreflow_schema on PostgreSQL). */
async function versionOf(database: OpenDatabase): Promise<number> {
  if (database.sqlite) return schemaVersion(database.sqlite);
  const client = await (database.pool as NonNullable<OpenDatabase['pool']>).connect();
  try {
    return await postgresSchemaVersion(client);
  } finally {
    client.release();
  }
}

async function tablesOf(database: OpenDatabase): Promise<string[]> {
  const { rows } =
    database.dialect === 'sqlite'
      ? await sql<{ name: string }>`
          SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`.execute(
          database.db,
        )
      : await sql<{ name: string }>`
          SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_name <> 'scoreflow_schema' ORDER BY table_name`.execute(
          database.db,
        );
  return rows.map((row) => row.name);
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('openDatabase', () => {
  it('migrates a fresh database to the latest version, with every table', async () => {
    await withTestDatabase(async (location) => {
      const database = await openDatabase(location);
      try {
        expect(database.dialect).toBe(onPostgres ? 'postgres' : 'sqlite');
        expect(await versionOf(database)).toBe(LATEST_SCHEMA_VERSION);
        expect(await tablesOf(database)).toEqual(EXPECTED_TABLES);
      } finally {
        await database.close();
      }
    });
  });

  it('is a no-op to reopen a migrated database, and its data stays', async () => {
    await withTestDatabase(async (location) => {
      const database = await openDatabase(location);
      await sql`INSERT INTO contacts (id, email, created_at, updated_at) VALUES ('c1', 'a@b.c', 1, 1)`.execute(
        database.db,
      );
      await database.close();
      const again = await openDatabase(location, { migrate: false });
      try {
        if (again.sqlite) expect(runMigrations(again.sqlite)).toEqual([]);
        else expect(await runPostgresMigrations(again.pool as NonNullable<OpenDatabase['pool']>)).toEqual([]);
        expect(await versionOf(again)).toBe(LATEST_SCHEMA_VERSION);
        const { rows } = await sql<{ email: string }>`SELECT email FROM contacts`.execute(again.db);
        expect(rows).toEqual([{ email: 'a@b.c' }]);
      } finally {
        await again.close();
      }
    });
  });

  // PostgreSQL only: the server's schema version and several processes migrating it at once.
  describe.skipIf(!onPostgres)('on PostgreSQL', () => {
    it('runs statements with parameters as prepared statements, planned once per connection', async () => {
      await withTestDatabase(async (location) => {
        const database = await openDatabase(location, { poolSize: 1 });
        try {
          const byName = (name: string) =>
            database.db.selectFrom('score_definitions').select('name').where('name', '=', name).execute();
          expect(await byName('SCORE')).toEqual([{ name: 'SCORE' }]);
          expect(await byName('OTHER')).toEqual([]);
          // One connection: the statement above is prepared in its session, once for both calls.
          const { rows } = await sql<{
            statement: string;
          }>`SELECT statement FROM pg_prepared_statements`.execute(database.db);
          expect(rows.filter((r) => r.statement.includes('"score_definitions"'))).toHaveLength(1);
        } finally {
          await database.close();
        }
      });
    });

    it('prepares a multi-row insert once whatever its number of parameters, but not a long IN list', async () => {
      await withTestDatabase(async (location) => {
        const database = await openDatabase(location, { poolSize: 1 });
        try {
          // 20 counters of 5 values: 100 parameters, past the cap that keeps long IN lists unnamed.
          const counters = (day: number) =>
            Array.from({ length: 20 }, (_, i) => ({
              flow_id: 'f1',
              flow_version: 1,
              edge_id: `e${i}`,
              day,
              count: 1,
            }));
          await database.db.insertInto('flow_edge_counts').values(counters(1)).execute();
          await database.db.insertInto('flow_edge_counts').values(counters(2)).execute();
          const ids = Array.from({ length: 100 }, (_, i) => `e${i}`);
          const found = await database.db
            .selectFrom('flow_edge_counts')
            .select('edge_id')
            .where('edge_id', 'in', ids)
            .execute();
          expect(found).toHaveLength(40);
          const { rows } = await sql<{
            statement: string;
          }>`SELECT statement FROM pg_prepared_statements`.execute(database.db);
          const mentioning = rows.filter((r) => r.statement.includes('"flow_edge_counts"'));
          expect(mentioning.map((r) => r.statement.slice(0, 11))).toEqual(['insert into']);
        } finally {
          await database.close();
        }
      });
    });

    it('survives the server ending its idle connections, says so, and reconnects', async () => {
      await withTestDatabase(async (location) => {
        const heard: Error[] = [];
        const database = await openDatabase(location, {
          poolSize: 2,
          onConnectionError: (e) => heard.push(e),
        });
        const pool = database.pool as NonNullable<OpenDatabase['pool']>;
        try {
          const backend = async () =>
            (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(database.db)).rows[0]?.pid;
          const before = await backend();
          expect(pool.idleCount).toBe(1);
          // What a PostgreSQL restart or failover does to every idle connection; without a listener on
          // the pool, its 'error' event would end this process.
          const admin = new pg.Client({ connectionString: location });
          await admin.connect();
          try {
            await admin.query('SELECT pg_terminate_backend($1)', [before]);
          } finally {
            await admin.end();
          }
          await vi.waitFor(() => expect(pool.totalCount).toBe(0), { timeout: 10_000 });
          expect(heard.map((e) => e.message)).toEqual([expect.stringMatching(/terminat/i)]);
          const after = await backend();
          expect(after).toBeTypeOf('number');
          expect(after).not.toBe(before);
        } finally {
          await database.close();
        }
      });
    });

    it('applies the baseline once when several processes open a fresh schema at the same time', async () => {
      await withTestDatabase(async (location) => {
        const databases = await Promise.all(
          Array.from({ length: 5 }, () => openDatabase(location, { poolSize: 2 })),
        );
        try {
          for (const database of databases) {
            expect(await versionOf(database)).toBe(LATEST_SCHEMA_VERSION);
          }
          expect(await tablesOf(databases[0] as OpenDatabase)).toEqual(EXPECTED_TABLES);
          const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM scoreflow_schema`.execute(
            (databases[0] as OpenDatabase).db,
          );
          expect(rows).toEqual([{ n: 1 }]);
        } finally {
          await Promise.all(databases.map((database) => database.close()));
        }
      });
    });

    it('refuses a schema written by newer code and leaves it as it was', async () => {
      await withTestDatabase(async (location) => {
        const database = await openDatabase(location);
        await sql`UPDATE scoreflow_schema SET version = ${LATEST_SCHEMA_VERSION + 1}`.execute(database.db);
        await database.close();
        expect(isStoreError(await caught(openDatabase(location)), 'database_too_new')).toBe(true);
        const check = await openDatabase(location, { migrate: false });
        try {
          expect(await versionOf(check)).toBe(LATEST_SCHEMA_VERSION + 1);
        } finally {
          await check.close();
        }
      });
    });

    it('rolls a failing migration back completely and records no version', async () => {
      await withTestDatabase(async (location) => {
        const database = await openDatabase(location, { migrate: false });
        try {
          const pool = database.pool as NonNullable<OpenDatabase['pool']>;
          const broken = {
            version: LATEST_SCHEMA_VERSION,
            name: 'broken',
            sql: 'CREATE TABLE half_done (x int); NOT SQL',
          };
          await expect(runPostgresMigrations(pool, [broken])).rejects.toThrow();
          expect(await versionOf(database)).toBe(0);
          const { rows } = await sql<{ found: boolean }>`
            SELECT to_regclass('half_done') IS NOT NULL AS found`.execute(database.db);
          expect(rows).toEqual([{ found: false }]);
        } finally {
          await database.close();
        }
      });
    });

    it('refuses a migration list that does not end where the SQLite one does', async () => {
      await withTestDatabase(async (location) => {
        const database = await openDatabase(location, { migrate: false });
        try {
          const pool = database.pool as NonNullable<OpenDatabase['pool']>;
          const short = [{ version: LATEST_SCHEMA_VERSION - 1, name: 'old', sql: 'SELECT 1' }];
          expect(isStoreError(await caught(runPostgresMigrations(pool, short)), 'migrations_invalid')).toBe(
            true,
          );
        } finally {
          await database.close();
        }
      });
    });
  });

  // SQLite only: files, connection pragmas and PRAGMA user_version have no PostgreSQL counterpart.
  describe.skipIf(onPostgres)('on SQLite', () => {
    it('creates the file and its parent directories', async () => {
      const file = join(tmp.dir, 'nested', 'deeper', 'scoreflow.sqlite');
      const database = await openDatabase(file);
      expect(existsSync(file)).toBe(true);
      expect(schemaVersion(database.sqlite as Database.Database)).toBe(LATEST_SCHEMA_VERSION);
      await database.close();
    });

    it('sets WAL, foreign keys, the busy timeout and synchronous=NORMAL', async () => {
      const database = await openDatabase(tmp.file());
      const db = database.sqlite as Database.Database;
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(db.pragma('synchronous', { simple: true })).toBe(1);
      await database.close();
    });

    it('refuses a database written by newer code', async () => {
      const file = tmp.file();
      await (await openDatabase(file)).close();
      const raw = new Database(file);
      raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
      raw.close();
      expect(isStoreError(await caught(openDatabase(file)), 'database_too_new')).toBe(true);
      // The refused database is left as it was.
      const check = new Database(file);
      expect(check.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 1);
      check.close();
    });

    it('opens an in-memory database', async () => {
      const database = await openDatabase(':memory:');
      const db = database.sqlite as Database.Database;
      expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      await database.close();
    });
  });
});

describe('tables', () => {
  // SQLite only: STRICT is SQLite's; PostgreSQL columns are always typed.
  it.skipIf(onPostgres)('are all STRICT', async () => {
    const database = await openDatabase(tmp.file());
    const { rows } = await sql<{ name: string; strict: number }>`
      SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'`.execute(
      database.db,
    );
    expect(rows.map((row) => row.name).sort()).toEqual(EXPECTED_TABLES);
    for (const row of rows) {
      expect({ table: row.name, strict: row.strict }).toEqual({ table: row.name, strict: 1 });
    }
    await database.close();
  });

  it('refuse a string in an INTEGER column', async () => {
    await withTestDatabase(async (location) => {
      const database = await openDatabase(location);
      try {
        await expect(
          sql`INSERT INTO contacts (id, created_at, updated_at) VALUES ('c1', 'yesterday', 1)`.execute(
            database.db,
          ),
        ).rejects.toThrow(
          onPostgres ? /invalid input syntax for type bigint/ : /cannot store TEXT value in INTEGER column/,
        );
      } finally {
        await database.close();
      }
    });
  });

  it('enforce foreign keys', async () => {
    await withTestDatabase(async (location) => {
      const database = await openDatabase(location);
      try {
        await expect(
          sql`INSERT INTO scores (contact_id, name, value, updated_at) VALUES ('nobody', 'SCORE', 1, 1)`.execute(
            database.db,
          ),
        ).rejects.toThrow(/foreign key constraint/i);
      } finally {
        await database.close();
      }
    });
  });
});

// SQLite only: these are the SQLite migrations, run over a raw better-sqlite3 connection.
describe.skipIf(onPostgres)('runMigrations', () => {
  const createT: Migration = {
    version: 1,
    name: 't',
    up: (db) => db.exec('CREATE TABLE t (x INTEGER) STRICT'),
  };

  it('applies only the migrations a database has not seen, each bumping user_version', () => {
    const file = tmp.file();
    const db = new Database(file);
    expect(runMigrations(db, [createT])).toEqual([1]);
    db.prepare('INSERT INTO t (x) VALUES (7)').run();
    const addColumn: Migration = {
      version: 2,
      name: 'y',
      up: (d) => d.exec('ALTER TABLE t ADD COLUMN y TEXT'),
    };
    expect(runMigrations(db, [createT, addColumn])).toEqual([2]);
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT x, y FROM t').get()).toEqual({ x: 7, y: null });
    db.close();
  });

  it('rolls a failing migration back completely and leaves user_version where it was', () => {
    const db = new Database(tmp.file());
    runMigrations(db, [createT]);
    const broken: Migration = {
      version: 2,
      name: 'broken',
      up: (d) => {
        d.exec('CREATE TABLE half_done (x INTEGER) STRICT');
        d.exec('THIS IS NOT SQL');
      },
    };
    expect(() => runMigrations(db, [createT, broken])).toThrow();
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare(`SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'`).pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a migration list with gaps', () => {
    const db = new Database(':memory:');
    const skipped: Migration = { ...createT, version: 3 };
    let caught: unknown;
    try {
      runMigrations(db, [createT, skipped]);
    } catch (error) {
      caught = error;
    }
    expect(isStoreError(caught, 'migrations_invalid')).toBe(true);
    db.close();
  });
});
