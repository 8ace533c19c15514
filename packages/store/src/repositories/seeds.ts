import type { LegacyRepositoryContext } from './context.js';

export interface SeedsRepository {
  /**
   * Runs `apply` once per database under the name `name`, in one transaction with the record that it
   * ran; true when it ran now. Content a seed created and a user then changed or deleted stays so.
   */
  once(name: string, apply: () => void): boolean;
}

export function createSeedsRepository({ db, now }: LegacyRepositoryContext): SeedsRepository {
  const insert = db.prepare(
    'INSERT INTO seeds (name, applied_at) VALUES (@name, @now) ON CONFLICT (name) DO NOTHING',
  );
  return {
    once: (name, apply) =>
      db
        .transaction(() => {
          // The insert takes the write lock first: two processes starting together seed once.
          if (insert.run({ name, now: now() }).changes === 0) return false;
          apply();
          return true;
        })
        .immediate(),
  };
}
