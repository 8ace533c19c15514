import type { Store } from '@scoreflow/store';

/** Jobs per shared transaction at most, so that a group's first job does not wait for ever. */
const MAX_PER_GROUP = 64;

interface Member {
  work: () => Promise<unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/** Runs `work` in a transaction of its own, or in one it shares with other jobs (see {@link createCommitGroups}). */
export type RunInGroup = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * Jobs' transactions sharing one commit, on SQLite. There the worker's jobs take turns on the one
 * connection anyway, and the commit is most of an event's cost: it writes every page the transaction
 * touched to the write-ahead log, about 230 KB for an event of the lead-scoring shape, most of it the
 * same index and table pages the next event touches again. Ten events per commit write about 100 KB
 * each, fifty about 50 KB.
 *
 * A job asking while no group is open opens one; the jobs asking meanwhile join it, each in a
 * savepoint of its own, one after the other, and the group commits once none is waiting (or at
 * {@link MAX_PER_GROUP}). Each job hears back only after the commit, so none is reported done before
 * it is durable. A job that fails rolls back its own savepoint alone and closes the group, which
 * commits the jobs before it (an error SQLite answers by rolling back the whole transaction then fails
 * that commit, and with it every job of the group: nothing of them was applied, and each is retried).
 *
 * On PostgreSQL every job keeps its own transaction: transactions run side by side there, on
 * connections of their own, and a shared one would make the events of different contacts wait for
 * each other's row locks.
 */
export function createCommitGroups(store: Store): RunInGroup {
  // The work opens its own transaction (see the handlers): nothing to add on PostgreSQL.
  if (store.dialect !== 'sqlite') return (work) => work();
  const waiting: Member[] = [];
  let open = false;

  async function runGroup(): Promise<void> {
    open = true;
    const members: Member[] = [];
    const outcomes: ({ value: unknown } | { error: unknown })[] = [];
    try {
      await store.transaction(async () => {
        while (waiting.length > 0 && members.length < MAX_PER_GROUP) {
          const member = waiting.shift() as Member;
          members.push(member);
          try {
            outcomes.push({ value: await store.transaction(member.work) });
          } catch (error) {
            outcomes.push({ error });
            break;
          }
        }
      });
    } catch (error) {
      // The commit failed, or the transaction could not go on or even begin: nothing of the group was
      // applied. If it could not begin, the jobs waiting hear so too, instead of trying for ever.
      if (members.length === 0) members.push(...waiting.splice(0));
      members.forEach((_, i) => {
        outcomes[i] = { error };
      });
    }
    open = false;
    if (waiting.length > 0) void runGroup();
    members.forEach((member, i) => {
      const outcome = outcomes[i] as { value: unknown } | { error: unknown };
      if ('error' in outcome) member.reject(outcome.error);
      else member.resolve(outcome.value);
    });
  }

  return <T>(work: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!open) void runGroup();
    });
}
