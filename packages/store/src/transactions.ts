import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { sql, type Transaction } from 'kysely';
import type { Db, DialectName } from './database.js';
import type { DB } from './schema.js';

// PostgreSQL codes for "run the transaction again": deadlock_detected, serialization_failure.
const RETRYABLE = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 5;
/** SQLite: the most transactions one commit carries (bounds how long a caller waits for the commit). */
const MAX_GROUP = 64;

interface Frame {
  trx: Transaction<DB>;
  savepoints: number;
}

interface Waiting {
  run: (frame: Frame) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * `store.transaction` and the executor repositories query through: the open transaction while a
 * callback runs (found through AsyncLocalStorage, however deep the call), else the database.
 *
 * On SQLite the process has one connection, so its transactions run one after another whatever
 * happens; what costs is the commit (about a millisecond, most of a small transaction). Transactions
 * asked for while one runs therefore share the next BEGIN IMMEDIATE … COMMIT, each in a savepoint of
 * its own: one that throws rolls back to its savepoint alone, and every caller hears back only once
 * the commit is done, so none acts on writes that are not durable. The result is the same as running
 * them one after another, which they are. On PostgreSQL each is its own transaction on a connection
 * of the pool, run again from the start on a deadlock or serialization failure.
 */
export function createTransactions(root: Db, dialect: DialectName) {
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
        return await root.transaction().execute((trx) => current.run({ trx, savepoints: 0 }, fn));
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (attempt >= MAX_ATTEMPTS || typeof code !== 'string' || !RETRYABLE.has(code)) throw error;
      }
    }
  }

  const queue: Waiting[] = [];
  let running = false;

  async function commitGroups(): Promise<void> {
    running = true;
    try {
      while (queue.length > 0) {
        const group: Waiting[] = [];
        const outcomes: (() => void)[] = [];
        try {
          await root.transaction().execute(async (trx) => {
            const frame: Frame = { trx, savepoints: 0 };
            // Callers arriving while the group runs join it, up to MAX_GROUP.
            for (
              let next = queue.shift();
              next;
              next = group.length < MAX_GROUP ? queue.shift() : undefined
            ) {
              group.push(next);
              const waiting = next;
              try {
                const value = await waiting.run(frame);
                outcomes.push(() => waiting.resolve(value));
              } catch (error) {
                outcomes.push(() => waiting.reject(error));
              }
            }
          });
        } catch (error) {
          // BEGIN or COMMIT failed, or a rollback left no transaction: nothing of the group is stored.
          for (const waiting of group) waiting.reject(error);
          continue;
        }
        for (const outcome of outcomes) outcome();
      }
    } finally {
      running = false;
    }
  }

  function grouped<T>(fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      queue.push({
        // Bound to the caller's async context (its other AsyncLocalStorage stores), with this store's
        // frame set inside it.
        run: AsyncResource.bind((frame: Frame) => current.run(frame, () => inSavepoint(frame, fn))),
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      if (!running) void commitGroups();
    });
  }

  return {
    /** Where a query goes now: the open transaction, else the database. */
    db: (): Db => current.getStore()?.trx ?? root,
    transaction<T>(fn: () => Promise<T>): Promise<T> {
      const open = current.getStore();
      if (open) return inSavepoint(open, fn);
      return dialect === 'sqlite' ? grouped(fn) : alone(fn);
    },
  };
}
