import type { Db, DialectName, SqliteConnection } from '../database.js';

/** What every repository is built from. */
export interface RepositoryContext {
  /**
   * Where a query goes now: the open transaction while `store.transaction` runs (found through
   * AsyncLocalStorage), else the database. Call it per query, never keep what it returns.
   */
  db: () => Db;
  /** For the few queries whose SQL differs between the two databases. */
  dialect: DialectName;
  /** Current time in epoch milliseconds. */
  now: () => number;
}

/** The context of repositories still written over better-sqlite3's synchronous calls (SQLite only). */
export interface LegacyRepositoryContext {
  db: SqliteConnection;
  now: () => number;
}
