import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStore } from './store.js';
import { TEST_POSTGRES_URL } from './testing.js';
import { openTestStore, testClock, useTestStore } from './testSupport.js';

const { store, tmp } = useTestStore();

describe('store.transaction', () => {
  it('commits everything the function wrote and returns its result', async () => {
    const id = await store().transaction(async () => {
      const { contact } = await store().contacts.upsertByIdentity({ email: 'ann@example.com' });
      await store().scores.set(contact.id, 'SCORE', 10);
      return contact.id;
    });
    const reader = await openStore(store().database.location);
    try {
      expect(await reader.scores.get(id, 'SCORE')).toBe(10);
    } finally {
      await reader.close();
    }
  });

  it('rolls back everything when the function throws', async () => {
    await expect(
      store().transaction(async () => {
        const { contact } = await store().contacts.upsertByIdentity({ email: 'ann@example.com' });
        await store().scores.set(contact.id, 'SCORE', 10);
        await store().events.insert({ id: 'ev-1', type: 'email.clicked' });
        throw new Error('worker crashed mid-job');
      }),
    ).rejects.toThrow('worker crashed mid-job');
    expect(await store().contacts.findByEmail('ann@example.com')).toBeUndefined();
    // The event id is free again: a rolled-back event is not a duplicate.
    expect(await store().events.insert({ id: 'ev-1', type: 'email.clicked' })).toBe('inserted');
  });

  it('rolls back a nested transaction alone when the outer one catches its error', async () => {
    await store().transaction(async () => {
      await store().events.insert({ id: 'outer', type: 't' });
      try {
        await store().transaction(async () => {
          await store().events.insert({ id: 'inner', type: 't' });
          throw new Error('inner failure');
        });
      } catch {
        // the outer work goes on
      }
    });
    expect(await store().events.get('outer')).toBeDefined();
    expect(await store().events.get('inner')).toBeUndefined();
  });

  it('finds the transaction from calls awaited deep inside the function, and rolls them back with it', async () => {
    const insertLater = async (id: string) => {
      await Promise.resolve();
      return store().events.insert({ id, type: 't' });
    };
    await expect(
      store().transaction(async () => {
        await insertLater('ev-deep');
        await Promise.all([insertLater('ev-a'), insertLater('ev-b')]);
        throw new Error('failed after the writes');
      }),
    ).rejects.toThrow('failed after the writes');
    for (const id of ['ev-deep', 'ev-a', 'ev-b']) expect(await store().events.get(id)).toBeUndefined();
  });

  // SQLite only: BEGIN IMMEDIATE and its file lock have no PostgreSQL counterpart (rows are locked there).
  it.skipIf(TEST_POSTGRES_URL)(
    'holds the write lock from the start (BEGIN IMMEDIATE), so another connection cannot write meanwhile',
    async () => {
      const other = await openStore(store().database.location, { busyTimeoutMs: 0 });
      try {
        await store().transaction(async () => {
          await expect(other.events.insert({ id: 'x', type: 't' })).rejects.toThrow(/database is locked/);
        });
        expect(await other.events.insert({ id: 'x', type: 't' })).toBe('inserted');
      } finally {
        await other.close();
      }
    },
  );

  // PostgreSQL only: SQLite has one connection per process, so two transactions never interleave.
  it.skipIf(!TEST_POSTGRES_URL)(
    'runs the function again when PostgreSQL breaks a deadlock with it',
    async () => {
      await sql`INSERT INTO seeds (name, applied_at) VALUES ('a', 0), ('b', 0)`.execute(store().db);
      // Each transaction locks one row, waits until the other holds its row, then wants the other's.
      const signal = () => {
        let resolve = () => {};
        const promise = new Promise<void>((r) => {
          resolve = r;
        });
        return { promise, resolve };
      };
      const locked = { a: signal(), b: signal() };
      let runs = 0;
      const crossing = (first: 'a' | 'b', second: 'a' | 'b') =>
        store().transaction(async () => {
          runs++;
          await sql`UPDATE seeds SET applied_at = applied_at + 1 WHERE name = ${first}`.execute(store().db);
          locked[first].resolve();
          await locked[second].promise;
          await sql`UPDATE seeds SET applied_at = applied_at + 1 WHERE name = ${second}`.execute(store().db);
        });
      await Promise.all([crossing('a', 'b'), crossing('b', 'a')]);
      expect(runs).toBe(3);
      // The broken attempt left nothing: each transaction counted once on each row.
      const { rows } = await sql<{ name: string; applied_at: number }>`
      SELECT name, applied_at FROM seeds ORDER BY name`.execute(store().db);
      expect(rows).toEqual([
        { name: 'a', applied_at: 2 },
        { name: 'b', applied_at: 2 },
      ]);
    },
  );
});

describe('transactions asked for at once', () => {
  it('each commit or roll back alone, and each caller hears back once its writes are stored', async () => {
    const seeds = (names: string[]) =>
      store().db.selectFrom('seeds').select('name').where('name', 'in', names).execute();
    // Read outside any transaction, once the caller has heard back: only committed rows are there.
    const durable = async (name: string) => (await seeds([name])).length === 1;
    const seen: boolean[] = [];
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        store()
          .transaction(async () => {
            await store()
              .db.insertInto('seeds')
              .values({ name: `s${i}`, applied_at: i })
              .execute();
            if (i === 5) throw new Error('the sixth fails');
            return i;
          })
          .then(async (value) => {
            seen.push(await durable(`s${value}`));
            return value;
          }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(
      Array.from({ length: 12 }, (_, i) => (i === 5 ? 'rejected' : 'fulfilled')),
    );
    expect(seen).toEqual(Array(11).fill(true));
    expect((await seeds(Array.from({ length: 12 }, (_, i) => `s${i}`))).length).toBe(11);
    expect(await durable('s5')).toBe(false);
  });
});

describe('createStore', () => {
  it('uses the injected clock for every time it writes', async () => {
    const clock = testClock(Date.UTC(2030, 5, 1));
    const timed = await openTestStore(tmp, clock);
    try {
      expect(timed.now()).toBe(Date.UTC(2030, 5, 1));
      const { contact } = await timed.contacts.upsertByIdentity({ email: 'ann@example.com' });
      expect(contact.createdAt).toBe('2030-06-01T00:00:00.000Z');
    } finally {
      await timed.close();
    }
  });
});
