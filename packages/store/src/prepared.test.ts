import { describe, expect, it } from 'vitest';
import { isStoreError } from './errors.js';
import { prepare } from './prepared.js';
import type { RepositoryContext } from './repositories/context.js';
import { useTestStore } from './testSupport.js';
import { createTransactions } from './transactions.js';

const { store } = useTestStore();

/** A repository context of its own over the test store's database, as the store builds one. */
function context(): RepositoryContext & { transaction: RepositoryContext['transaction'] } {
  const transactions = createTransactions(store().database);
  return { ...transactions, dialect: store().dialect, now: Date.now };
}

describe('prepared queries', () => {
  it('build once and run with the values of each call, reads and writes alike', async () => {
    const ctx = context();
    let builds = 0;
    const insert = prepare(ctx, (db, p: { name: string; at: number }) => {
      builds++;
      return db.insertInto('seeds').values({ name: p.name, applied_at: p.at });
    });
    const byName = prepare(ctx, (db, p: { name: string }) => {
      builds++;
      return db.selectFrom('seeds').selectAll().where('name', '=', p.name);
    });
    const insertResult = await insert.execute({ name: 'first', at: 1 });
    expect(insertResult.numAffectedRows).toBe(1n);
    await insert.execute({ name: 'second', at: 2 });
    expect(await byName.first({ name: 'second' })).toEqual({ name: 'second', applied_at: 2 });
    expect(await byName.first({ name: 'first' })).toEqual({ name: 'first', applied_at: 1 });
    expect(await byName.rows({ name: 'third' })).toEqual([]);
    // Two queries, each built on its first call only.
    expect(builds).toBe(2);
  });

  it('run inside the open transaction: rolled back with it, visible to it before the commit', async () => {
    const ctx = context();
    const insert = prepare(ctx, (db, p: { name: string }) =>
      db.insertInto('seeds').values({ name: p.name, applied_at: 0 }),
    );
    const count = prepare(ctx, (db, p: { prefix: string }) =>
      db
        .selectFrom('seeds')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('name', 'like', p.prefix),
    );
    await expect(
      ctx.transaction(async () => {
        await insert.execute({ name: 'tx-a' });
        expect((await count.first({ prefix: 'tx-%' }))?.n).toBe(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await count.first({ prefix: 'tx-%' }))?.n).toBe(0);
    await ctx.transaction(() => insert.execute({ name: 'tx-b' }));
    expect((await count.first({ prefix: 'tx-%' }))?.n).toBe(1);
  });

  it('report a failing statement as the database said, inside a transaction as outside', async () => {
    const ctx = context();
    const insert = prepare(ctx, (db, p: { name: string }) =>
      db.insertInto('seeds').values({ name: p.name, applied_at: 0 }),
    );
    await insert.execute({ name: 'dup' });
    await expect(insert.execute({ name: 'dup' })).rejects.toThrow(/unique|duplicate/i);
    await expect(ctx.transaction(() => insert.execute({ name: 'dup' }))).rejects.toThrow(/unique|duplicate/i);
  });

  it('refuse a build that uses a value other than as a value (its SQL would not fit other values)', async () => {
    const ctx = context();
    const branching = prepare(ctx, (db, p: { name: string; newest: boolean }) =>
      db
        .selectFrom('seeds')
        .selectAll()
        .where('name', '=', p.name)
        .orderBy('applied_at', p.newest ? 'desc' : 'asc'),
    );
    const caught = await branching.rows({ name: 'x', newest: false }).catch((error: unknown) => error);
    expect(isStoreError(caught, 'prepared_query_invalid')).toBe(true);
    expect(String((caught as Error).message)).toContain('newest');
  });
});
