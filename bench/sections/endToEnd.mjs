import { createIngestor, createQueues } from '@scoreflow/runtime';
import { openLoop } from '../lib/load.mjs';
import { startNoopWorker, startScoreflow } from '../lib/processes.mjs';
import { commandDelta } from '../lib/redis.mjs';
import { clickEvent, seedContacts, seedFlows, tempStore, uniquePrefix } from '../lib/seed.mjs';
import { summarize, until } from '../lib/stats.mjs';

/** The runtime's default worker concurrency, which `main.js --role worker` runs with. */
const CONCURRENCY = 8;
/** The largest batch the ingestion API accepts. */
const BATCH = 500;

/**
 * Section 1 (and the data for section 5): the real worker process (`main.js --role worker`) against a
 * no-op BullMQ worker process at the same concurrency on the same private Redis.
 *
 * Peak: the queue is paused, N events are ingested (stored in SQLite and queued, as the API does), then
 * the queue is resumed and the time to drain the backlog is measured. Latency: events are sent open-loop
 * at half of the measured peak, and event-to-commit latency is `processed_at - received_at` from SQLite
 * (both stamped by the product's clock on one machine). The reference does the same with `addBulk` of
 * the same job options and reports add-to-finish latency.
 *
 * @param {{ redis: Awaited<ReturnType<typeof import('../lib/redis.mjs').startPrivateRedis>>, quick: boolean,
 *   log: (msg: string) => void }} ctx
 */
export async function endToEnd({ redis, quick, log }) {
  const cfg = quick
    ? { contacts: 10_000, events: 3_000, steadySeconds: 5, footprintEvents: 6_000 }
    : { contacts: 100_000, events: 20_000, steadySeconds: 20, footprintEvents: 60_000 };
  const rows = [];
  const details = { config: { ...cfg, flows: 100, matchingFlows: 5, concurrency: CONCURRENCY } };

  // --- Scoreflow ---
  const data = tempStore();
  seedFlows(data.store, 100, 5);
  seedContacts(data.store, cfg.contacts);
  const seededBytes = data.bytes();
  const prefix = uniquePrefix('e2e');
  const worker = await startScoreflow({ role: 'worker', dataDir: data.dir, redisUrl: redis.url, prefix });
  const queues = createQueues({ url: redis.url, prefix });
  const ingest = createIngestor({ store: data.store, queues });
  const pending = data.store.db.prepare("SELECT count(*) FROM events WHERE status = 'pending'").pluck();
  const failed = data.store.db.prepare("SELECT count(*) FROM events WHERE status = 'failed'").pluck();
  const ingestMany = async (count) => {
    for (let sent = 0; sent < count; sent += BATCH) {
      const n = Math.min(BATCH, count - sent);
      await ingest(Array.from({ length: n }, () => clickEvent(cfg.contacts)));
    }
  };
  const drained = (what) => until(() => pending.get() === 0, what, 30 * 60_000, 20);

  log(`  scoreflow worker: ingesting ${cfg.events} events into a paused queue`);
  await queues.events.pause();
  const c0 = await redis.commands();
  await ingestMany(cfg.events);
  const c1 = await redis.commands();
  const t0 = performance.now();
  await queues.events.resume();
  await drained('the scoreflow backlog to drain');
  const t1 = performance.now();
  const c2 = await redis.commands();
  const sfPeak = cfg.events / ((t1 - t0) / 1000);
  const sfEnqueue = commandDelta(c0, c1);
  const sfProcess = commandDelta(c1, c2);
  const sfCommands = (sfEnqueue.total + sfProcess.total) / cfg.events;
  log(`  scoreflow peak ${sfPeak.toFixed(0)} events/s, ${sfCommands.toFixed(2)} Redis commands/event`);

  const steadyFrom = Date.now();
  const c3 = await redis.commands();
  const sfSent = await openLoop(sfPeak / 2, cfg.steadySeconds, (n) =>
    ingest(Array.from({ length: n }, () => clickEvent(cfg.contacts))),
  );
  await drained('the scoreflow half-peak events');
  const c4 = await redis.commands();
  const latencies = data.store.db
    .prepare("SELECT processed_at - received_at FROM events WHERE status = 'processed' AND received_at >= ?")
    .pluck()
    .all(steadyFrom);
  const sfLatency = summarize(latencies);
  log(`  scoreflow at half peak: p50 ${sfLatency.p50} ms, p99 ${sfLatency.p99} ms`);

  // --- Reference: a no-op worker ---
  const refPrefix = uniquePrefix('e2e-ref');
  const noop = await startNoopWorker({
    redisUrl: redis.url,
    prefix: refPrefix,
    queue: 'events',
    concurrency: CONCURRENCY,
  });
  const refQueues = createQueues({ url: redis.url, prefix: refPrefix });
  let refJob = 0;
  const addMany = async (count) => {
    for (let sent = 0; sent < count; sent += BATCH) {
      const n = Math.min(BATCH, count - sent);
      await refQueues.events.addBulk(
        Array.from({ length: n }, () => {
          refJob += 1;
          return { name: 'event', data: { eventId: `ref-${refJob}` }, opts: { jobId: `evt-ref-${refJob}` } };
        }),
      );
    }
  };
  await refQueues.events.pause();
  const r0 = await redis.commands();
  await addMany(cfg.events);
  const r1 = await redis.commands();
  const peakRun = await noop.expect(cfg.events);
  const r0t = performance.now();
  await refQueues.events.resume();
  await peakRun.done;
  const r1t = performance.now();
  const r2 = await redis.commands();
  const refPeak = cfg.events / ((r1t - r0t) / 1000);
  const refEnqueue = commandDelta(r0, r1);
  const refProcess = commandDelta(r1, r2);
  const refCommands = (refEnqueue.total + refProcess.total) / cfg.events;
  log(`  no-op peak ${refPeak.toFixed(0)} jobs/s, ${refCommands.toFixed(2)} Redis commands/job`);

  const refRate = refPeak / 2;
  const refTotal = Math.round(refRate * cfg.steadySeconds);
  const steadyRun = await noop.expect(refTotal);
  const r3 = await redis.commands();
  await openLoop(refRate, cfg.steadySeconds, (n) => addMany(n));
  const refSteady = await steadyRun.done;
  const r4 = await redis.commands();
  log(`  no-op at half peak: p50 ${refSteady.latency.p50} ms, p99 ${refSteady.latency.p99} ms`);

  rows.push(
    {
      section: '1 End to end',
      figure: 'events processed / s (peak)',
      value: sfPeak,
      reference: 'no-op BullMQ worker jobs / s',
      refValue: refPeak,
      ratio: sfPeak / refPeak,
      target: 'ratio >= 0.6',
      pass: sfPeak / refPeak >= 0.6,
    },
    {
      section: '1 End to end',
      figure: 'Redis commands / event (enqueue + process)',
      value: sfCommands,
      reference: 'no-op commands / job',
      refValue: refCommands,
      ratio: sfCommands / refCommands,
      target: '<= reference + 1',
      pass: sfCommands <= refCommands + 1,
    },
    {
      section: '1 End to end',
      figure: `event-to-commit p50 ms at half peak (${Math.round(sfPeak / 2)}/s)`,
      value: sfLatency.p50,
      reference: `no-op add-to-finish p50 ms (${Math.round(refRate)}/s)`,
      refValue: refSteady.latency.p50,
      ratio: sfLatency.p50 / refSteady.latency.p50,
      target: 'report',
      pass: null,
    },
    {
      section: '1 End to end',
      figure: 'event-to-commit p99 ms at half peak',
      value: sfLatency.p99,
      reference: 'no-op add-to-finish p99 ms',
      refValue: refSteady.latency.p99,
      ratio: sfLatency.p99 / refSteady.latency.p99,
      target: 'report',
      pass: null,
    },
  );
  Object.assign(details, {
    scoreflow: {
      peakEventsPerSecond: sfPeak,
      commandsPerEvent: sfCommands,
      enqueueCommands: sfEnqueue,
      processCommands: sfProcess,
      halfPeak: { sent: sfSent, latencyMs: sfLatency, commands: commandDelta(c3, c4) },
      failedEvents: failed.get(),
    },
    reference: {
      peakJobsPerSecond: refPeak,
      commandsPerJob: refCommands,
      enqueueCommands: refEnqueue,
      processCommands: refProcess,
      halfPeak: { sent: refTotal, latencyMs: refSteady.latency, commands: commandDelta(r3, r4) },
    },
  });

  // --- Section 5: keep feeding the same worker, then read its memory and the database size ---
  const already = cfg.events + sfSent;
  const more = Math.max(0, cfg.footprintEvents - already);
  log(`  footprint: ${more} more events (to ${cfg.footprintEvents} in all) through the same worker`);
  const f0 = performance.now();
  await ingestMany(more);
  await drained('the footprint events');
  const footprintSeconds = (performance.now() - f0) / 1000;
  data.store.db.pragma('wal_checkpoint(TRUNCATE)');
  const memory = worker.memory();
  const refMemory = noop.memory();
  const bytes = data.bytes();
  const total = already + more;
  const perEvent = (bytes - seededBytes) / total;
  const footprint = {
    contacts: cfg.contacts,
    events: total,
    seconds: footprintSeconds,
    workerRss: memory.rss,
    workerPeakRss: memory.peakRss,
    noopRss: refMemory.rss,
    sqliteBytes: bytes,
    sqliteBytesAfterSeeding: seededBytes,
    bytesPerEvent: perEvent,
    sqliteBytesAt1M: seededBytes + perEvent * 1_000_000,
  };
  const mb = (b) => b / 1024 / 1024;
  const rows5 = [
    {
      section: '5 Memory and storage',
      figure: `worker RSS MB after ${total.toLocaleString('en-US')} events, ${cfg.contacts.toLocaleString('en-US')} contacts`,
      value: mb(memory.rss),
      reference: 'no-op BullMQ worker RSS MB',
      refValue: mb(refMemory.rss),
      ratio: memory.rss / refMemory.rss,
      target: 'report',
      pass: null,
    },
    {
      section: '5 Memory and storage',
      figure: `SQLite MB after ${total.toLocaleString('en-US')} events`,
      value: mb(bytes),
      reference: 'SQLite MB with the contacts only',
      refValue: mb(seededBytes),
      ratio: bytes / seededBytes,
      target: 'report',
      pass: null,
    },
    {
      section: '5 Memory and storage',
      figure: 'SQLite MB at 1,000,000 events (extrapolated, linear)',
      value: mb(footprint.sqliteBytesAt1M),
      reference: 'bytes / event measured',
      refValue: perEvent,
      ratio: null,
      target: 'report',
      pass: null,
    },
  ];

  await noop.stop();
  await refQueues.close();
  await queues.close();
  await worker.stop();
  await redis.dropPrefix(prefix);
  await redis.dropPrefix(refPrefix);
  data.remove();
  return { rows, details, footprint: { rows: rows5, details: footprint } };
}
