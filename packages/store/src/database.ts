import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { type CompiledQuery, Kysely, type QueryResult } from 'kysely';
import type pg from 'pg';
import { syncFreeMailPostgres, syncFreeMailSqlite } from './accounts/freeMailSync.js';
import { postgresDialect, postgresPool } from './dialects/postgres.js';
import { runAtOnce, sqliteDialect, statementCache } from './dialects/sqlite.js';
import { type BackgroundCheckpoints, startBackgroundCheckpoints } from './dialects/sqliteCheckpoints.js';
import { runMigrations } from './migrations/index.js';
import { runPostgresMigrations } from './migrations/postgres.js';
import type { DB } from './schema.js';

/** A raw better-sqlite3 connection (SQLite migrations, backups and the copy command use it). */
export type SqliteConnection = BetterSqlite3.Database;

/** The query builder every repository is written with; the same code runs on both databases. */
export type Db = Kysely<DB>;

export type DialectName = 'sqlite' | 'postgres';

/** An open database: the query builder, which database it is, and how to close it. */
export interface Database {
  dialect: DialectName;
  db: Db;
  /** The better-sqlite3 connection under `db`, on SQLite only. */
  sqlite: SqliteConnection | undefined;
  /** The pool under `db`, on PostgreSQL only. */
  pool: pg.Pool | undefined;
  /**
   * SQLite only: runs a compiled query on the connection at once, past Kysely's driver. Only for a
   * caller inside an open transaction (it holds the one connection); see dialects/sqlite.ts.
   */
  runAtOnce: ((query: CompiledQuery) => QueryResult<unknown>) | undefined;
  /** Where it is, fit for logs: the file, or the URL without its password. */
  location: string;
  /** SQLite with `backgroundCheckpoints`: the thread that checkpoints the file. */
  checkpoints?: BackgroundCheckpoints | undefined;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** SQLite: how long a writer waits for another connection's lock before SQLITE_BUSY (default 5000). */
  busyTimeoutMs?: number;
  /** Run pending migrations after opening (default true). */
  migrate?: boolean;
  /** PostgreSQL: connections in this process's pool (default 10). */
  poolSize?: number;
  /** PostgreSQL: the schema to use (`search_path`); the default is the database's own (`public`). */
  schema?: string;
  /**
   * PostgreSQL: told of an idle pooled connection the server ended (a restart, a failover,
   * `pg_terminate_backend`). The pool has dropped it already and opens a new one when next needed.
   */
  onConnectionError?: (error: Error) => void;
  /**
   * SQLite file: copy the write-ahead log into the database file from a thread of its own instead of
   * in the commits of this connection (see dialects/sqliteCheckpoints.ts). For the processes of the
   * product, which write all the time; default false.
   */
  backgroundCheckpoints?: boolean;
}

/** Whether `location` names a PostgreSQL database rather than a SQLite file. */
export const isPostgresUrl = (location: string) => /^postgres(ql)?:\/\//i.test(location);

/** `location` without the password, for logs and messages. */
export function displayLocation(location: string): string {
  if (!isPostgresUrl(location)) return location;
  try {
    const url = new URL(location);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

/**
 * Opens (creating it and its parent directories if needed) the SQLite file at `file`, or an in-memory
 * database for `':memory:'`, sets the connection pragmas and, unless told not to, migrates it.
 * Throws a `StoreError` with code `database_too_new` when the file was written by newer code.
 */
export function openSqliteConnection(file: string, options: OpenDatabaseOptions = {}): SqliteConnection {
  const memory = file === ':memory:';
  if (!memory) mkdirSync(dirname(file), { recursive: true });
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const connection = new BetterSqlite3(file, { timeout: busyTimeoutMs });
  try {
    // WAL lets readers (API) and the single writer (a worker's transaction) proceed together and lets
    // several worker processes on one host share the file; it does not apply to in-memory databases.
    // Incremental auto-vacuum lets retention give pruned pages back to the file system; it only takes
    // effect when set before the first table is created, so it is set on every open.
    connection.pragma('auto_vacuum = INCREMENTAL');
    if (!memory) connection.pragma('journal_mode = WAL');
    connection.pragma('foreign_keys = ON');
    connection.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
    // NORMAL is durable across application crashes in WAL mode; only an OS crash or power loss can
    // lose the last commits, which the reconciler and idempotent steps tolerate.
    connection.pragma('synchronous = NORMAL');
    if (options.migrate ?? true) {
      runMigrations(connection);
      syncFreeMailSqlite(connection);
    }
    return connection;
  } catch (error) {
    connection.close();
    throw error;
  }
}

/**
 * Opens the database at `location`: a `postgres://` URL, else a SQLite file path (or `':memory:'`),
 * and brings its schema to the latest version. On PostgreSQL, processes starting together migrate
 * once (an advisory lock); on either, a schema newer than this code is refused (`database_too_new`).
 */
export async function openDatabase(location: string, options: OpenDatabaseOptions = {}): Promise<Database> {
  if (isPostgresUrl(location)) {
    const pool = postgresPool(location, options);
    try {
      if (options.migrate ?? true) {
        await runPostgresMigrations(pool);
        await syncFreeMailPostgres(pool);
      }
    } catch (error) {
      await pool.end();
      throw error;
    }
    const db = new Kysely<DB>({ dialect: postgresDialect(pool) });
    return {
      dialect: 'postgres',
      db,
      sqlite: undefined,
      pool,
      runAtOnce: undefined,
      location: displayLocation(location),
      close: () => db.destroy(),
    };
  }
  const sqlite = openSqliteConnection(location, options);
  const statements = statementCache(sqlite);
  const db = new Kysely<DB>({ dialect: sqliteDialect(statements) });
  const checkpoints =
    options.backgroundCheckpoints && location !== ':memory:'
      ? startBackgroundCheckpoints(location, sqlite)
      : undefined;
  return {
    dialect: 'sqlite',
    db,
    sqlite,
    pool: undefined,
    runAtOnce: (query) => runAtOnce(statements, query),
    location,
    checkpoints,
    async close() {
      // The thread's connection first: the last connection to close checkpoints and removes the log.
      await checkpoints?.stop();
      await db.destroy();
      // Kysely closes the connection only if a query went through it.
      if (sqlite.open) sqlite.close();
    },
  };
}
