import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crossesThreshold, rearmsThreshold } from '@scoreflow/flow';
import { flow, node } from '@scoreflow/flow/testing';
import { openStore, type Store, sql } from '@scoreflow/store';
import { createTestDatabase } from '@scoreflow/store/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createIngestor } from './ingest.js';
import { connectRedis, deleteInstallationKeys } from './redis.js';
import { activateFlow, flows, TEST_REDIS_URL, testClock } from './testing/harness.js';
import { createRuntime, type Runtime } from './worker/runtime.js';

const THRESHOLD = { score: 'SCORE', value: 30, direction: 'up', hysteresis: 10 } as const;

/** Reaching 30 counts one entry in REACHED; once fired it waits for SCORE to fall back to 20. */
const reached = flow(
  [
    node('t', 'trigger.scoreThreshold', THRESHOLD),
    node('a', 'action.adjustScore', { score: 'REACHED', delta: 1 }),
  ],
  ['t>a'],
  { name: 'reached 30' },
);

/** The first signup of a contact gives 10 points; a contact never enters it twice. */
const signup = flow(
  [
    node('t', 'trigger.event', { event: 'signup' }),
    node('a', 'action.adjustScore', { score: 'SCORE', delta: 10 }),
  ],
  ['t>a'],
  { name: 'signup bonus', reentry: { mode: 'once' } },
);

/**
 * Two worker processes on one database and one Redis installation: two runtimes with workers of
 * concurrency 4 each. On PostgreSQL each has a store (a pool) of its own, as two processes would. On
 * SQLite they share one store: a process has one connection, and two connections in one process would
 * block each other's event loop on the file lock.
 */
async function twoWorkerProcesses() {
  const dir = mkdtempSync(path.join(tmpdir(), 'scoreflow-concurrency-'));
  const database = await createTestDatabase(dir);
  const clock = testClock();
  const prefix = `test-${randomUUID()}`;
  const first = await openStore(database.location, { now: clock.now });
  const stores = [
    first,
    database.dialect === 'postgres' ? await openStore(database.location, { now: clock.now }) : first,
  ];
  const runtimes = stores.map((store) =>
    createRuntime({
      store,
      redisUrl: TEST_REDIS_URL,
      prefix,
      now: clock.now,
      concurrency: 4,
      reconcileEveryMs: 0,
      sweepEveryMs: 0,
    }),
  );
  const redis = connectRedis(TEST_REDIS_URL);
  return {
    store: first,
    runtimes,
    ingest: createIngestor({ store: first, queues: (runtimes[0] as Runtime).queues }),
    async close() {
      await Promise.all(runtimes.map((r) => r.close()));
      await deleteInstallationKeys(redis, TEST_REDIS_URL, prefix);
      redis.disconnect();
      for (const store of new Set(stores)) await store.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let current: Awaited<ReturnType<typeof twoWorkerProcesses>> | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

/** Polls until `predicate` holds; fails with `what` after `ms`. */
async function until(predicate: () => Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A contact's SCORE changes in the order they were applied. */
const scoreChanges = (store: Store, contactId: string) =>
  store.db
    .selectFrom('score_ledger')
    .select(['delta', 'value', 'event_id as eventId', 'flow_id as flowId'])
    .where('contact_id', '=', contactId)
    .where('score', '=', 'SCORE')
    .orderBy('id')
    .execute();

/**
 * How often the threshold flow fires over these changes applied one after the other: on a crossing
 * while armed, after which it stays quiet until a change takes the score back past the margin (that
 * change re-arms it and fires nothing), as `trigger.scoreThreshold` decides it.
 */
function serialEntries(changes: { previous: number; value: number }[]): number {
  let armed = true;
  let entries = 0;
  for (const { previous, value } of changes) {
    if (value === previous) continue; // no change, no signal
    if (!armed) {
      armed = rearmsThreshold(value, THRESHOLD.value, THRESHOLD.direction, THRESHOLD.hysteresis);
    } else if (crossesThreshold(previous, value, THRESHOLD.value, THRESHOLD.direction)) {
      entries++;
      armed = false;
    }
  }
  return entries;
}

describe('two worker processes on the events of the same few contacts', () => {
  it('apply every event once, in some serial order: scores equal ledgers, threshold and once entries as replayed', async () => {
    current = await twoWorkerProcesses();
    const { store, runtimes, ingest } = current;
    const up = await activateFlow(store, flows.points('up', 5));
    const down = await activateFlow(store, flows.points('down', -5));
    const once = await activateFlow(store, signup);
    const threshold = await activateFlow(store, reached);

    // Per contact, in the order sent: a signup (10), then four times five ups and five downs, between
    // 35 and 10, so in that order the flow fires, re-arms and fires again; four more ups, and two
    // signups more. The contacts' events are interleaved, and with eight workers on three contacts most
    // events of a contact are taken while another of the same contact is being processed.
    const emails = ['ann@example.com', 'bo@example.com', 'cy@example.com'];
    const swing = [...Array<string>(5).fill('up'), ...Array<string>(5).fill('down')];
    const types = [
      'signup',
      ...swing,
      ...swing,
      ...swing,
      ...swing,
      'signup',
      'up',
      'up',
      'up',
      'up',
      'signup',
    ];
    // All queued before the workers start, so they start on a full queue. Every job is delivered twice
    // (at-least-once queues: a job whose lock expired runs again), its copy queued right behind it, so
    // the two runs of one event are taken at the same time.
    const [, second] = runtimes as [Runtime, Runtime];
    const ids: string[] = [];
    for (const type of types) {
      const results = await ingest(emails.map((email) => ({ type, contact: { email } })));
      expect(results.map((r) => r.status)).toEqual(emails.map(() => 'accepted'));
      const sent = results.map((r) => r.id as string);
      ids.push(...sent);
      await second.queues.events.addBulk(
        sent.map((eventId) => ({ name: 'event', data: { eventId }, opts: { jobId: `again-${eventId}` } })),
      );
    }
    await Promise.all(runtimes.map((r) => r.start()));

    await until(async () => {
      const { rows } = await sql<{ n: number }>`
        SELECT count(*) AS n FROM events WHERE status = 'pending'
      `.execute(store.db);
      return rows[0]?.n === 0;
    }, 'every event processed');
    await until(async () => {
      const counts = await second.queues.events.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      return Object.values(counts).every((n) => n === 0);
    }, 'both copies of every job');

    const stored = await Promise.all(ids.map((id) => store.events.get(id)));
    expect(stored.map((e) => e?.status).filter((s) => s !== 'processed')).toEqual([]);

    // No event applied twice: one run of its points flow per up or down event.
    const { rows: perEvent } = await sql<{ eventId: string; flowId: string; n: number }>`
      SELECT trigger_event_id AS "eventId", flow_id AS "flowId", count(*) AS n
      FROM runs WHERE flow_id IN (${up}, ${down}, ${once}) GROUP BY trigger_event_id, flow_id
    `.execute(store.db);
    expect(perEvent.filter((row) => row.n !== 1)).toEqual([]);
    const pointEvents = types.filter((type) => type !== 'signup').length * emails.length;
    expect(perEvent.filter((row) => row.flowId !== once)).toHaveLength(pointEvents);

    let thresholdEntries = 0;
    for (const email of emails) {
      const contact = await store.contacts.findByEmail(email);
      if (!contact) throw new Error(`no contact ${email}`);
      const changes = await scoreChanges(store, contact.id);
      // One change per up or down event and the one signup that entered.
      expect(changes).toHaveLength(pointEvents / emails.length + 1);
      // Each change starts from the value the one before it left: no update was lost to a race.
      let previous = 0;
      const steps = changes.map((change) => {
        const step = { previous, value: change.value };
        expect(change.value - change.delta, `${email}: a change after ${previous}`).toBe(previous);
        previous = change.value;
        return step;
      });
      expect(await store.scores.get(contact.id, 'SCORE')).toBe(previous);
      expect(await store.ledger.sumForContact(contact.id, 'SCORE')).toBe(previous);

      // `once`: the first signup applied enters, the others of the same contact do not.
      expect(changes.filter((c) => c.flowId === once)).toHaveLength(1);
      expect(await store.runs.count({ flowId: once, contactId: contact.id })).toBe(1);

      const expected = serialEntries(steps);
      thresholdEntries += expected;
      expect(await store.runs.count({ flowId: threshold, contactId: contact.id }), email).toBe(expected);
      expect((await store.scores.get(contact.id, 'REACHED')) ?? 0).toBe(expected);
      expect(await store.ledger.sumForContact(contact.id, 'REACHED')).toBe(expected);
    }
    // From 0 to 30 the score crosses the line at least once per contact, whatever the order.
    expect(thresholdEntries).toBeGreaterThanOrEqual(emails.length);
  });
});
