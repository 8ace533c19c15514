import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '@scoreflow/store';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCommitGroups } from './commitGroups.js';

// SQLite only: on PostgreSQL each job keeps its own transaction (see commitGroups.ts).
let dir: string;
let store: Store;
/** A second connection to the same file: it sees only what was committed. */
let other: Store;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'scoreflow-groups-'));
  store = await openStore(path.join(dir, 'scoreflow.db'));
  other = await openStore(path.join(dir, 'scoreflow.db'));
});
afterEach(async () => {
  await other.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const insert = (id: string) => store.events.insert({ id, type: 'page.viewed' });
const committed = async (ids: string[]) =>
  (await Promise.all(ids.map((id) => other.events.get(id)))).filter(Boolean).length;

// The PostgreSQL project runs this file too; it opens SQLite files of its own, so once is enough.
describe.skipIf(process.env.SCOREFLOW_TEST_POSTGRES)('jobs in flight share one commit on SQLite', () => {
  it('commits the jobs that asked meanwhile together, and answers each only once they are durable', async () => {
    const inGroup = createCommitGroups(store);
    const ids = ['e1', 'e2', 'e3', 'e4', 'e5'];
    const seenByOthers: number[] = [];
    const answered: number[] = [];

    await Promise.all(
      ids.map((id) =>
        inGroup(async () => {
          await insert(id);
          // What another connection sees while this job runs: the jobs before it are not committed yet.
          seenByOthers.push(await committed(ids));
        }).then(async () => answered.push(await committed(ids))),
      ),
    );

    // With a transaction per job, the fifth would see the four before it committed.
    expect(seenByOthers).toEqual([0, 0, 0, 0, 0]);
    expect(answered).toEqual([5, 5, 5, 5, 5]);
  });

  it('rolls back a failing job alone: the others commit, and it fails with its own error', async () => {
    const inGroup = createCommitGroups(store);
    const outcomes = await Promise.allSettled([
      inGroup(() => insert('before')),
      inGroup(async () => {
        await insert('failing');
        throw new Error('this job fails');
      }),
      inGroup(() => insert('after')),
    ]);

    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/this job fails/);
    expect(await committed(['before', 'after'])).toBe(2);
    expect(await other.events.get('failing')).toBeUndefined();
  });

  it('fails every job of a group whose commit fails, having applied none of them', async () => {
    const inGroup = createCommitGroups(store);
    // A deferred foreign key is checked at the commit: the whole transaction is refused there.
    const outcomes = await Promise.allSettled([
      inGroup(() => insert('first')),
      inGroup(async () => {
        await insert('second');
        await sql`PRAGMA defer_foreign_keys = ON`.execute(store.db);
        await store.events.setContact('second', 'no-such-contact');
      }),
    ]);

    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(await committed(['first', 'second'])).toBe(0);
  });
});
