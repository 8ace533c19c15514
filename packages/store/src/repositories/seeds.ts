import type { RepositoryContext } from './context.js';

export interface SeedsRepository {
  /**
   * Runs `apply` once per database under the name `name`, in one transaction with the record that it
   * ran; true when it ran now. Content a seed created and a user then changed or deleted stays so.
   * `apply` runs inside that transaction: it may await store calls only (see `Store.transaction`).
   */
  once(name: string, apply: () => Promise<void> | void): Promise<boolean>;
}

// The store's transaction: the seed and its record commit together, and `apply`'s calls join them.
export function createSeedsRepository({ db, now, transaction }: RepositoryContext): SeedsRepository {
  return {
    once: (name, apply) =>
      transaction(async () => {
        // The insert takes the write lock first (on PostgreSQL the row's): two processes starting
        // together seed once, the second waiting for the first to commit and then inserting nothing.
        const result = await db()
          .insertInto('seeds')
          .values({ name, applied_at: now() })
          .onConflict((oc) => oc.column('name').doNothing())
          .executeTakeFirst();
        if ((result.numInsertedOrUpdatedRows ?? 0n) === 0n) return false;
        await apply();
        return true;
      }),
  };
}
