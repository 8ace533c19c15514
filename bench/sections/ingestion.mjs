import { randomUUID } from 'node:crypto';
import { createQueues, eventJobId } from '@scoreflow/runtime';
import { closedLoop, jsonClient } from '../lib/load.mjs';
import { startScoreflow } from '../lib/processes.mjs';
import { freePort } from '../lib/redis.mjs';
import { clickEvent, tempStore, uniquePrefix } from '../lib/seed.mjs';

/** Connections (HTTP) and concurrent callers (BullMQ script) alike. */
const CONCURRENCY = 16;
/** Events per batch request, and jobs per `addBulk` call. */
const BATCH = 100;

/**
 * Section 2: the API process (`main.js --role api`) under closed-loop HTTP load on the single and batch
 * endpoints, against a script calling BullMQ's `queue.add` / `addBulk` at the same concurrency. No worker
 * runs: this measures taking events in (durable in SQLite, then queued), not processing them.
 * @param {{ redis: Awaited<ReturnType<typeof import('../lib/redis.mjs').startPrivateRedis>>, quick: boolean,
 *   log: (msg: string) => void }} ctx
 */
export async function ingestion({ redis, quick, log }) {
  const seconds = quick ? 4 : 15;
  const warmupSeconds = quick ? 1 : 3;
  const contacts = 100_000;
  const data = tempStore();
  data.store.close();
  const prefix = uniquePrefix('ingest');
  const port = await freePort();
  const api = await startScoreflow({ role: 'api', dataDir: data.dir, redisUrl: redis.url, prefix, port });
  const client = jsonClient(port, CONCURRENCY);
  const accepted = (status) => {
    if (status !== 202) throw new Error(`HTTP ${status}`);
  };

  const single = await closedLoop({
    concurrency: CONCURRENCY,
    seconds,
    warmupSeconds,
    once: async () => {
      accepted(await client.post('/api/events', clickEvent(contacts)));
      return 1;
    },
  });
  log(`  POST /api/events: ${single.itemsPerSecond.toFixed(0)} events/s (${single.errors} errors)`);
  const batch = await closedLoop({
    concurrency: CONCURRENCY,
    seconds,
    warmupSeconds,
    once: async () => {
      const events = Array.from({ length: BATCH }, () => clickEvent(contacts));
      accepted(await client.post('/api/events/batch', { events }));
      return BATCH;
    },
  });
  log(
    `  POST /api/events/batch (${BATCH}): ${batch.itemsPerSecond.toFixed(0)} events/s (${batch.errors} errors)`,
  );
  client.close();
  await api.stop();
  await redis.dropPrefix(prefix);

  // The reference adds the same jobs the ingestor adds (same queue options, same job ids) with nothing else.
  const refPrefix = uniquePrefix('ingest-ref');
  const queues = createQueues({ url: redis.url, prefix: refPrefix });
  const job = () => ({ name: 'event', data: { eventId: randomUUID() } });
  const add = await closedLoop({
    concurrency: CONCURRENCY,
    seconds,
    warmupSeconds,
    once: async () => {
      const j = job();
      await queues.events.add(j.name, j.data, { jobId: eventJobId(j.data.eventId) });
      return 1;
    },
  });
  log(`  queue.add: ${add.itemsPerSecond.toFixed(0)} jobs/s`);
  const bulk = await closedLoop({
    concurrency: CONCURRENCY,
    seconds,
    warmupSeconds,
    once: async () => {
      await queues.events.addBulk(
        Array.from({ length: BATCH }, () => {
          const j = job();
          return { ...j, opts: { jobId: eventJobId(j.data.eventId) } };
        }),
      );
      return BATCH;
    },
  });
  log(`  queue.addBulk (${BATCH}): ${bulk.itemsPerSecond.toFixed(0)} jobs/s`);
  await queues.close();
  await redis.dropPrefix(refPrefix);
  data.remove();

  const rows = [
    {
      section: '2 Ingestion over HTTP',
      figure: 'POST /api/events, events / s',
      value: single.itemsPerSecond,
      reference: 'queue.add jobs / s',
      refValue: add.itemsPerSecond,
      ratio: single.itemsPerSecond / add.itemsPerSecond,
      target: 'ratio >= 0.8',
      pass: single.itemsPerSecond / add.itemsPerSecond >= 0.8,
    },
    {
      section: '2 Ingestion over HTTP',
      figure: `POST /api/events/batch (${BATCH}/request), events / s`,
      value: batch.itemsPerSecond,
      reference: `queue.addBulk (${BATCH}) jobs / s`,
      refValue: bulk.itemsPerSecond,
      ratio: batch.itemsPerSecond / bulk.itemsPerSecond,
      target: 'ratio >= 0.5',
      pass: batch.itemsPerSecond / bulk.itemsPerSecond >= 0.5,
    },
  ];
  return {
    rows,
    details: {
      concurrency: CONCURRENCY,
      batch: BATCH,
      seconds,
      warmupSeconds,
      loadGenerator: 'bench/lib/load.mjs closed loop over node:http keep-alive (autocannon replacement)',
      single,
      batchEndpoint: batch,
      queueAdd: add,
      queueAddBulk: bulk,
    },
  };
}
