import { AsyncLocalStorage } from 'node:async_hooks';
import { type CompiledQuery, type QueryResult, sql, type Transaction } from 'kysely';
import type { Database, Db } from './database.js';
import type { DB } from './schema.js';

// PostgreSQL codes for "run the transaction again": deadlock_detected, serialization_failure.
const RETRYABLE = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 5;

interface Frame {
  trx: Transaction<DB>;
  savepoints: number;
  /** False once the transaction has ended: a promise left running from it must not use its connection. */
  open: boolean;
}

/**
 * `store.transaction` and the executor repositories query through: the open transaction while a
 * callback runs (found through AsyncLocalStorage, however deep the call), else the database. A
 * transaction opened inside one is a savepoint. On PostgreSQL a deadlock or serialization failure
 * runs the callback again from the start.
 *
 * (Sharing one SQLite commit between transactions asked for at once was measured and bought nothing:
 * the commit's cost follows the pages each transaction writes, not the number of commits.)
 */
export function createTransactions(database: Pick<Database, 'db' | 'runAtOnce'>) {
  const root = database.db;
  const { runAtOnce } = database;
  const current = new AsyncLocalStorage<Frame>();

  async function inSavepoint<T>(frame: Frame, fn: () => Promise<T>): Promise<T> {
    const name = `sp${++frame.savepoints}`;
    await sql.raw(`SAVEPOINT ${name}`).execute(frame.trx);
    try {
      const result = await fn();
      await sql.raw(`RELEASE SAVEPOINT ${name}`).execute(frame.trx);
      return result;
    } catch (error) {
      await sql.raw(`ROLLBACK TO SAVEPOINT ${name}`).execute(frame.trx);
      await sql.raw(`RELEASE SAVEPOINT ${name}`).execute(frame.trx);
      throw error;
    }
  }

  async function alone<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await root.transaction().execute(async (trx) => {
          const frame: Frame = { trx, savepoints: 0, open: true };
          try {
            return await current.run(frame, fn);
          } finally {
            frame.open = false;
          }
        });
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (attempt >= MAX_ATTEMPTS || typeof code !== 'string' || !RETRYABLE.has(code)) throw error;
      }
    }
  }

  return {
    /** Where a query goes now: the open transaction, else the database. */
    db: (): Db => current.getStore()?.trx ?? root,
    /**
     * Runs a compiled query where `db()` would. On SQLite inside a transaction it runs on the connection
     * at once: the transaction holds the one connection, and Kysely's driver would only add promises.
     */
    execute<R>(query: CompiledQuery<R>): Promise<QueryResult<R>> {
      const frame = current.getStore();
      if (frame?.open && runAtOnce) {
        try {
          return Promise.resolve(runAtOnce(query) as QueryResult<R>);
        } catch (error) {
          return Promise.reject(error);
        }
      }
      return (frame?.trx ?? root).executeQuery(query);
    },
    transaction<T>(fn: () => Promise<T>): Promise<T> {
      const open = current.getStore();
      if (open) return inSavepoint(open, fn);
      return alone(fn);
    },
  };
}
