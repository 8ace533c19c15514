import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { TEST_POSTGRES_URL } from '../testing.js';
import { DAY_MS, useTestStore } from '../testSupport.js';
import { EDGE_COUNT_SHARDS } from './edgeCounts.js';

const { store, clock } = useTestStore();

describe('edge counts repository', () => {
  it('counts passes per edge and day, over every version of the flow', async () => {
    const today = clock().now();
    await store().edgeCounts.increment('f1', 1, ['a>b', 'b>c']);
    await store().edgeCounts.increment('f1', 1, ['a>b']);
    await store().edgeCounts.increment('f1', 2, ['a>b']);
    await store().edgeCounts.increment('f1', 1, ['a>b'], today - 3 * DAY_MS);
    await store().edgeCounts.increment('f2', 1, ['a>b']);
    await store().edgeCounts.increment('f1', 1, []);
    expect(await store().edgeCounts.since('f1', today)).toEqual({ 'a>b': 3, 'b>c': 1 });
    expect(await store().edgeCounts.since('f1', today - 3 * DAY_MS)).toEqual({ 'a>b': 4, 'b>c': 1 });
    expect(await store().edgeCounts.since('f3', 0)).toEqual({});
  });

  it('counts an edge passed twice in one call twice', async () => {
    await store().edgeCounts.increment('f1', 1, ['loop', 'loop', 'exit']);
    await store().edgeCounts.increment('f1', 1, ['loop']);
    expect(await store().edgeCounts.since('f1', 0)).toEqual({ loop: 3, exit: 1 });
  });

  it('loses no pass when transactions count the same edges at the same time', async () => {
    // On PostgreSQL they run at once on connections of the pool; on SQLite one after the other.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store().transaction(() =>
          store().edgeCounts.increment('f1', 1, i % 2 === 0 ? ['a>b', 'b>c'] : ['b>c', 'a>b']),
        ),
      ),
    );
    expect(await store().edgeCounts.since('f1', 0)).toEqual({ 'a>b': 20, 'b>c': 20 });
  });

  it('counts the passes of many runs of several flows at once, as one call per run would', async () => {
    const today = clock().now();
    await store().edgeCounts.incrementMany([
      { flowId: 'f1', flowVersion: 1, edgeIds: ['a>b', 'b>c'], atMs: today },
      { flowId: 'f2', flowVersion: 1, edgeIds: ['a>b'], atMs: today },
      { flowId: 'f1', flowVersion: 1, edgeIds: ['a>b'], atMs: today },
      { flowId: 'f1', flowVersion: 2, edgeIds: ['a>b'], atMs: today - 3 * DAY_MS },
      { flowId: 'f1', flowVersion: 1, edgeIds: [], atMs: today },
    ]);
    await store().edgeCounts.incrementMany([]);
    expect(await store().edgeCounts.since('f1', today)).toEqual({ 'a>b': 2, 'b>c': 1 });
    expect(await store().edgeCounts.since('f1', today - 3 * DAY_MS)).toEqual({ 'a>b': 3, 'b>c': 1 });
    expect(await store().edgeCounts.since('f2', 0)).toEqual({ 'a>b': 1 });
  });

  it('loses no pass and deadlocks never when jobs count the same flows in opposite orders', async () => {
    const now = clock().now();
    const f1 = { flowId: 'f1', flowVersion: 1, edgeIds: ['a>b'], atMs: now };
    const f2 = { flowId: 'f2', flowVersion: 1, edgeIds: ['a>b'], atMs: now };
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store().transaction(() => store().edgeCounts.incrementMany(i % 2 === 0 ? [f1, f2] : [f2, f1])),
      ),
    );
    expect(await store().edgeCounts.since('f1', 0)).toEqual({ 'a>b': 20 });
    expect(await store().edgeCounts.since('f2', 0)).toEqual({ 'a>b': 20 });
  });

  // PostgreSQL only: SQLite's writers take turns whatever they write.
  it.skipIf(!TEST_POSTGRES_URL)(
    'lets transactions on different connections count the same edges without waiting for each other',
    async () => {
      const shardOf = async () => {
        const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(store().db);
        return (rows[0] as { pid: number }).pid % EDGE_COUNT_SHARDS;
      };
      // Transactions held open, each on a connection of its own, until the test ends them all.
      const held: { end: () => void; done: Promise<void> }[] = [];
      let counted = 0;
      /** Counts in a transaction left open, unless its connection's shard is `busy`; says which shard. */
      const countAndHold = (busy?: number) =>
        new Promise<number>((told, failed) => {
          let end = () => {};
          const ended = new Promise<void>((resolve) => {
            end = resolve;
          });
          const done = store().transaction(async () => {
            const shard = await shardOf();
            if (shard !== busy) {
              // Were the counter one row, this would wait for the open transaction's commit; it fails instead.
              await sql`SET LOCAL lock_timeout = '5s'`.execute(store().db);
              await store().edgeCounts.increment('f1', 1, ['a>b']);
              counted += 1;
            }
            told(shard);
            await ended;
          });
          held.push({ end, done });
          done.catch(failed);
        });
      try {
        const first = await countAndHold();
        // Another connection of the pool, in a shard of its own: two process ids rarely agree modulo the
        // shard count, and when they do that connection stays held and the next one is taken.
        while ((await countAndHold(first)) === first);
      } finally {
        for (const h of held) h.end();
        await Promise.all(held.map((h) => h.done));
      }
      expect(counted).toBe(2);
      expect(await store().edgeCounts.since('f1', 0)).toEqual({ 'a>b': 2 });
    },
  );
});
