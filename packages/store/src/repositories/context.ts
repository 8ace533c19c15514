import type { CompiledQuery, QueryResult } from 'kysely';
import type { Db, DialectName } from '../database.js';

/** What every repository is built from. */
export interface RepositoryContext {
  /**
   * Where a query goes now: the open transaction while `store.transaction` runs (found through
   * AsyncLocalStorage), else the database. Call it per query, never keep what it returns.
   */
  db: () => Db;
  /** Runs a compiled query where `db()` would (prepared.ts compiles the hot queries once). */
  execute: <R>(query: CompiledQuery<R>) => Promise<QueryResult<R>>;
  /** For the few queries whose SQL differs between the two databases. */
  dialect: DialectName;
  /** The store's `transaction`, for a method whose statements must commit together (a savepoint inside one). */
  transaction: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Current time in epoch milliseconds. */
  now: () => number;
}
