import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { eventJobId } from './queues.js';
import { createTestRuntime, type TestRuntime } from './testing/harness.js';

// The runtime is not started: these tests look at what ingestion stored and queued, not at processing.
let current: TestRuntime | undefined;
beforeEach(async () => {
  current = await createTestRuntime();
});
afterEach(async () => {
  await current?.close();
  current = undefined;
});
const t = () => current as TestRuntime;

const click = (email: string, id: string = randomUUID()) => ({
  id,
  type: 'email.clicked',
  contact: { email },
});

const storedIds = async (ids: string[]) =>
  (await Promise.all(ids.map((id) => t().store.events.get(id)))).filter(Boolean).map((e) => e?.id);

/** Makes the database refuse events of `type`, as a constraint the API does not know of would. */
async function refuseType(type: string) {
  const { store } = t();
  if (store.dialect === 'sqlite') {
    await sql
      .raw(
        `CREATE TRIGGER refuse_${type} BEFORE INSERT ON events WHEN NEW.type = '${type}'
         BEGIN SELECT RAISE(ABORT, 'events of this type are refused'); END`,
      )
      .execute(store.db);
    return;
  }
  await sql
    .raw(
      `CREATE FUNCTION refuse_${type}() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'events of this type are refused'; END $$ LANGUAGE plpgsql;
       CREATE TRIGGER refuse_${type} BEFORE INSERT ON events FOR EACH ROW
       WHEN (NEW.type = '${type}') EXECUTE FUNCTION refuse_${type}()`,
    )
    .execute(store.db);
}

describe('requests that arrive together are stored together (group commit)', () => {
  it('shares one transaction and one queue call among the requests waiting behind the first', async () => {
    const transaction = vi.spyOn(t().store, 'transaction');
    const addBulk = vi.spyOn(t().runtime.queues.events, 'addBulk');
    const events = Array.from({ length: 20 }, (_, i) => click(`group-${i}@example.com`));

    const results = await Promise.all(events.map((e) => t().ingest([e])));

    expect(results.map(([r]) => r?.status)).toEqual(events.map(() => 'accepted'));
    // The first request is stored alone at once; the nineteen sent meanwhile wait for it, then go as one.
    expect(transaction).toHaveBeenCalledTimes(2);
    expect(addBulk).toHaveBeenCalledTimes(2);
    expect(addBulk.mock.calls.map(([jobs]) => jobs.length)).toEqual([1, 19]);
    expect(await storedIds(events.map((e) => e.id))).toEqual(events.map((e) => e.id));
    const queued = await Promise.all(events.map((e) => t().runtime.queues.events.getJob(eventJobId(e.id))));
    expect(queued.every(Boolean)).toBe(true);
  });

  it('answers a request only once its events are durable', async () => {
    const events = Array.from({ length: 5 }, (_, i) => click(`durable-${i}@example.com`));
    const answered = await Promise.all(
      events.map(async (e) => {
        await t().ingest([e]);
        // Read at the moment of the answer: the row is there, committed.
        return (await t().store.events.get(e.id))?.status;
      }),
    );
    expect(answered).toEqual(events.map(() => 'pending'));
  });

  it('gives the same id sent twice at once to one request, and calls the other a duplicate', async () => {
    const id = randomUUID();
    const addBulk = vi.spyOn(t().runtime.queues.events, 'addBulk');
    const results = await Promise.all([
      t().ingest([click('first@example.com')]),
      t().ingest([click('twice@example.com', id)]),
      t().ingest([click('twice@example.com', id)]),
    ]);

    expect(results.map(([r]) => r?.status)).toEqual(['accepted', 'accepted', 'duplicate']);
    const jobs = addBulk.mock.calls.flatMap(([list]) => list.map((j) => j.data.eventId));
    expect(jobs.filter((e) => e === id)).toHaveLength(1);
  });

  it('keeps one request the database refuses from failing the others of its group', async () => {
    await refuseType('refused');
    const before = click('before@example.com');
    const good = [click('good-1@example.com'), click('good-2@example.com')];
    const refused = { ...click('refused@example.com'), type: 'refused' };

    const [first, a, bad, b] = await Promise.allSettled([
      t().ingest([before]),
      t().ingest([good[0]]),
      t().ingest([refused]),
      t().ingest([good[1]]),
    ]);

    for (const outcome of [first, a, b]) {
      expect(outcome.status).toBe('fulfilled');
      if (outcome.status === 'fulfilled') expect(outcome.value[0]?.status).toBe('accepted');
    }
    expect(bad.status).toBe('rejected');
    if (bad.status === 'rejected') expect(String(bad.reason)).toMatch(/refused/);
    expect(await storedIds([before.id, ...good.map((e) => e.id)])).toHaveLength(3);
    expect(await t().store.events.get(refused.id)).toBeUndefined();
  });

  it('keeps a batch and single events of one group apart in their answers', async () => {
    const batch = [
      click('batch-1@example.com'),
      { type: 'email.clicked', contact: {} },
      click('batch-2@example.com'),
    ];
    const [single, many] = await Promise.all([t().ingest([click('alone@example.com')]), t().ingest(batch)]);
    expect(single.map((r) => r.status)).toEqual(['accepted']);
    expect(many.map((r) => [r.index, r.status])).toEqual([
      [0, 'accepted'],
      [1, 'rejected'],
      [2, 'accepted'],
    ]);
  });
});
