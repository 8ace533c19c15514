import { randomUUID } from 'node:crypto';
import { createQueues, eventJobId } from '@scoreflow/runtime';
import { httpLoad } from '../lib/httpLoad.mjs';
import { closedLoop } from '../lib/load.mjs';
import { BENCH_TOKEN, startIngestReference, startScoreflow } from '../lib/processes.mjs';
import { freePort } from '../lib/redis.mjs';
import { clickEvent, tempStore, uniquePrefix } from '../lib/seed.mjs';

/** Connections (HTTP) and concurrent callers (BullMQ script) alike. */
const CONCURRENCY = 16;
/** Events per batch request, and jobs per `addBulk` call. */
const BATCH = 100;
const SECTION = '2 Ingestion over HTTP';

/**
 * Section 2: the API process (`main.js --role api`) under autocannon on the single and batch endpoints,
 * against two references at the same concurrency: a minimal node:http endpoint in a child process doing
 * one `queue.add` (or `addBulk`) per request, and a script calling BullMQ directly. No worker runs: this
 * measures taking events in (durable in SQLite, then queued), not processing them.
 * @param {{ redis: Awaited<ReturnType<typeof import('../lib/redis.mjs').startPrivateRedis>>, quick: boolean,
 *   log: (msg: string) => void }} ctx
 */
export async function ingestion({ redis, quick, log }) {
  const seconds = quick ? 4 : 15;
  const warmupSeconds = quick ? 1 : 3;
  const contacts = 100_000;
  const load = { connections: CONCURRENCY, seconds, warmupSeconds };
  const singleBody = () => clickEvent(contacts);
  const batchBody = () => ({ events: Array.from({ length: BATCH }, () => clickEvent(contacts)) });
  const rate = (r) => `${r.itemsPerSecond.toFixed(0)} events/s (${r.non2xx} non-2xx, ${r.errors} errors)`;

  // The product and the HTTP reference run side by side (both idle while the other is loaded), and each
  // endpoint is measured on one right after the other, so a change in the machine's load hits both alike.
  const data = await tempStore();
  await data.store.close();
  const prefix = uniquePrefix('ingest');
  const port = await freePort();
  const api = await startScoreflow({ role: 'api', dataDir: data.dir, redisUrl: redis.url, prefix, port });
  const httpRefPrefix = uniquePrefix('ingest-http-ref');
  const refPort = await freePort();
  const ref = await startIngestReference({ redisUrl: redis.url, prefix: httpRefPrefix, port: refPort });
  const headers = { authorization: `Bearer ${BENCH_TOKEN}` };
  const singleLoad = { ...load, path: '/api/events', body: singleBody, itemsPerRequest: 1 };
  const batchLoad = { ...load, path: '/api/events/batch', body: batchBody, itemsPerRequest: BATCH };

  const single = await httpLoad({ ...singleLoad, port, headers });
  log(`  POST /api/events: ${rate(single)}`);
  const refSingle = await httpLoad({ ...singleLoad, port: refPort });
  log(`  node:http + queue.add: ${rate(refSingle)}`);
  const batch = await httpLoad({ ...batchLoad, port, headers });
  log(`  POST /api/events/batch (${BATCH}): ${rate(batch)}`);
  const refBatch = await httpLoad({ ...batchLoad, port: refPort });
  log(`  node:http + addBulk (${BATCH}): ${rate(refBatch)}`);
  await api.stop();
  await ref.stop();
  await redis.dropPrefix(prefix);
  await redis.dropPrefix(httpRefPrefix);
  await data.remove();

  // The script reference: the same jobs the ingestor adds (same queue options, same job ids), from a script ---
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

  const row = (figure, value, reference, refValue, min) => ({
    section: SECTION,
    figure,
    value,
    reference,
    refValue,
    ratio: value / refValue,
    target: `ratio >= ${min}`,
    pass: value / refValue >= min,
  });
  const rows = [
    row('POST /api/events, events / s', single.itemsPerSecond, 'queue.add jobs / s', add.itemsPerSecond, 0.8),
    row(
      `POST /api/events/batch (${BATCH}/request), events / s`,
      batch.itemsPerSecond,
      `queue.addBulk (${BATCH}) jobs / s`,
      bulk.itemsPerSecond,
      0.5,
    ),
    row(
      'POST /api/events, events / s',
      single.itemsPerSecond,
      'node:http + queue.add, events / s',
      refSingle.itemsPerSecond,
      0.8,
    ),
    row(
      `POST /api/events/batch (${BATCH}/request), events / s`,
      batch.itemsPerSecond,
      `node:http + addBulk (${BATCH}), events / s`,
      refBatch.itemsPerSecond,
      0.7,
    ),
  ];
  return {
    rows,
    details: {
      concurrency: CONCURRENCY,
      batch: BATCH,
      seconds,
      warmupSeconds,
      loadGenerator:
        'autocannon (HTTP, keep-alive, 1 request in flight per connection); closed loop for the script',
      single,
      batchEndpoint: batch,
      httpReferenceSingle: refSingle,
      httpReferenceBatch: refBatch,
      queueAdd: add,
      queueAddBulk: bulk,
    },
  };
}
