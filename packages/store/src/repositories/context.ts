import type { Db } from '../database.js';

/** What every repository is built from: the connection and the clock (injectable for tests). */
export interface RepositoryContext {
  db: Db;
  /** Current time in epoch milliseconds. */
  now: () => number;
}
