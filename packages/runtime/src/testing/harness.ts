import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FlowDocument, type FlowDocumentInput } from '@scoreflow/flow';
import { flow, node } from '@scoreflow/flow/testing';
import { openStore, type Store } from '@scoreflow/store';
import { createTestDatabase } from '@scoreflow/store/testing';
import { createIngestor } from '../ingest.js';
import { connectRedis, deleteInstallationKeys } from '../redis.js';
import { triggerIndexRows } from '../triggerIndex.js';
import { createRuntime, type RuntimeOptions } from '../worker/runtime.js';

export { type RedisClusterHandle, startRedisCluster } from './redisCluster.js';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A clock that tests move by hand, so a 30-day window passes without waiting 30 days. */
export function testClock(start = Date.UTC(2026, 0, 1)) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
    set(ms: number) {
      now = ms;
    },
  };
}

export const DAY = 86_400_000;

/** Publishes and activates a flow directly in the store, as the flow API would. */
export async function activateFlow(store: Store, input: FlowDocumentInput): Promise<string> {
  const document = FlowDocument.parse(input);
  const flow = await store.flows.create({ document });
  await publishVersion(store, flow.id, document);
  await store.flows.setStatus(flow.id, 'active');
  return flow.id;
}

/** Publishes the flow's next version and moves its triggers to it, as the flow API would; its number. */
export async function publishVersion(
  store: Store,
  flowId: string,
  input: FlowDocumentInput,
): Promise<number> {
  const document = FlowDocument.parse(input);
  const version = await store.flows.publish(flowId, document);
  if (!version) throw new Error('publish failed');
  await store.triggers.replaceForFlow(flowId, version.version, triggerIndexRows(document));
  return version.version;
}

/** The job states BullMQ has yet to finish: a queue with none of them is drained. */
const UNFINISHED = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'] as const;
type Unfinished = (typeof UNFINISHED)[number];

/**
 * A real runtime for tests: a test database (a SQLite file in a temp dir, or a schema of its own on
 * the PostgreSQL server of SCOREFLOW_TEST_POSTGRES), the real Redis with a queue prefix of its own (so
 * parallel test files never see each other's jobs), and a controllable clock.
 */
export async function createTestRuntime(overrides: Partial<RuntimeOptions> = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'scoreflow-runtime-'));
  const clock = testClock();
  const database = await createTestDatabase(dir);
  const store = await openStore(database.location, { now: overrides.now ?? clock.now });
  const prefix = `test-${randomUUID()}`;
  const redisUrl = overrides.redisUrl ?? TEST_REDIS_URL;
  const runtime = createRuntime({
    store,
    redisUrl,
    prefix,
    now: clock.now,
    reconcileEveryMs: 0,
    sweepEveryMs: 0,
    deliveryBackoffMs: 50,
    ...overrides,
  });
  const ingest = createIngestor({ store, queues: runtime.queues });
  const redis = connectRedis(redisUrl);

  /** Polls until `predicate` holds (the workers run asynchronously); fails with `what` after `ms`. */
  async function until(
    predicate: () => boolean | Promise<boolean>,
    what: string,
    ms = 15_000,
  ): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await predicate())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** How many jobs of `queue` are in each state that has yet to run or is running. */
  async function jobCounts(queue: 'events' | 'waits' | 'deliveries'): Promise<Record<Unfinished, number>> {
    const counts = await runtime.queues[queue].getJobCounts(...UNFINISHED);
    return Object.fromEntries(UNFINISHED.map((s) => [s, counts[s] ?? 0])) as Record<Unfinished, number>;
  }

  /** Jobs of `queue` that are running, or could be: delayed ones count once they are due. */
  async function runnableJobs(queue: 'events' | 'waits' | 'deliveries'): Promise<number> {
    const { delayed, ...rest } = await jobCounts(queue);
    const due =
      delayed === 0
        ? 0
        : (await runtime.queues[queue].getJobs(['delayed'])).filter(
            (j) => j.timestamp + j.delay <= Date.now(),
          ).length;
    return Object.values(rest).reduce((a, b) => a + b, due);
  }

  return {
    dir,
    store,
    clock,
    prefix,
    runtime,
    ingest,
    redis,
    until,
    /**
     * Ingests events and waits until every accepted one is processed. The events of one contact take
     * turns (on PostgreSQL each waits for the contact's lock), so the wait allowed grows with their number.
     */
    async send(...events: unknown[]) {
      const results = await ingest(events);
      const ids = results.filter((r) => r.status === 'accepted').map((r) => r.id as string);
      await until(
        async () => {
          for (const id of ids) if ((await store.events.get(id))?.status === 'pending') return false;
          return true;
        },
        `events ${ids.join(', ')}`,
        15_000 + 100 * ids.length,
      );
      return results;
    },
    jobCounts,
    /**
     * Waits until the events, waits and deliveries queues have no job that could run by now, so a
     * check that nothing more happened comes after all that was queued ran, however slow the workers
     * are. A job delayed into the future (a wait not yet due) does not count.
     */
    async drained(what = 'the queues to drain') {
      const queues = ['events', 'waits', 'deliveries'] as const;
      await until(async () => (await Promise.all(queues.map(runnableJobs))).every((n) => n === 0), what);
    },
    /** Deletes every Redis key of this runtime, as a FLUSHALL would, without touching other tests. */
    async flushRedis() {
      await deleteInstallationKeys(redis, redisUrl, prefix);
    },
    async close() {
      await runtime.close();
      await this.flushRedis();
      redis.disconnect();
      await store.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type TestRuntime = Awaited<ReturnType<typeof createTestRuntime>>;

/** Small flow documents for tests, re-entering every time. */
export const flows = {
  /** trigger → one action. */
  chain(
    name: string,
    trigger: [string, Record<string, unknown>],
    action: [string, Record<string, unknown>],
  ): FlowDocumentInput {
    return flow([node('t', ...trigger), node('a', ...action)], ['t>a'], { name });
  },
  /** Removes and adds `tag` back whenever it is added: a flow that starts itself forever. */
  tagLoop(tag: string): FlowDocumentInput {
    return flow(
      [
        node('t', 'trigger.tagAdded', { tag }),
        node('r', 'action.removeTag', { tag }),
        node('a', 'action.addTag', { tag }),
      ],
      ['t>r', 'r>a'],
      { name: `${tag} loop` },
    );
  },
  /** trigger.event(event) → adjustScore(delta). */
  points(event: string, delta: number, score = 'SCORE'): FlowDocumentInput {
    return flow(
      [node('t', 'trigger.event', { event }), node('a', 'action.adjustScore', { score, delta })],
      ['t>a'],
      { name: `${event} ${delta}` },
    );
  },
};

/** A real SMTP server on a free port for delivery tests (mail parsed with mailparser). */
export { startSmtpPeer } from '../delivery/smtpPeer.js';
