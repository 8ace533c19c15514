import path from 'node:path';
import { createIngestor, createQueues } from '@scoreflow/runtime';
import { FLOWS, MATCHING } from '../lib/drain.mjs';
import { openLoop } from '../lib/load.mjs';
import { startScoreflow } from '../lib/processes.mjs';
import { commandDelta } from '../lib/redis.mjs';
import { clickEvent, seedContacts, seedFlows, tempStore, uniquePrefix } from '../lib/seed.mjs';
import { summarize, until } from '../lib/stats.mjs';
import { payloadBytes, replayFloor, rowsWrittenSince, snapshotTo } from '../lib/storeFloor.mjs';
import { footprintRows } from './footprint.mjs';
import { noopReference } from './noopReference.mjs';

/** The runtime's default worker concurrency, which `main.js --role worker` runs with. */
const CONCURRENCY = 8;
/** The largest batch the ingestion API accepts. */
const BATCH = 500;
const SECTION = '1 End to end';

/**
 * Section 1 (and the data for section 5): the real worker process (`main.js --role worker`) against a
 * no-op BullMQ worker process at the same concurrency on the same private Redis.
 *
 * Peak: the queue is paused, N events are ingested (stored in SQLite and queued, as the API does), then
 * the queue is resumed and the time to drain the backlog is measured. Latency: events are sent open-loop
 * at half of the measured peak, and event-to-commit latency is `processed_at - received_at` from SQLite
 * (both stamped by the product's clock on one machine). The reference does the same with `addBulk` of
 * the same job options and reports add-to-finish latency. The rows the peak drain wrote are then written
 * again by a bare script (the floor), and the database's bytes per event are set against the rows' payload.
 *
 * @param {{ redis: Awaited<ReturnType<typeof import('../lib/redis.mjs').startPrivateRedis>>, quick: boolean,
 *   log: (msg: string) => void }} ctx
 */
export async function endToEnd({ redis, quick, log }) {
  const cfg = quick
    ? { contacts: 10_000, events: 3_000, steadySeconds: 5, footprintEvents: 6_000 }
    : { contacts: 100_000, events: 20_000, steadySeconds: 20, footprintEvents: 60_000 };
  const rows = [];
  const details = { config: { ...cfg, flows: FLOWS, matchingFlows: MATCHING, concurrency: CONCURRENCY } };

  // --- Scoreflow ---
  const data = await tempStore();
  await seedFlows(data.store, FLOWS, MATCHING);
  await seedContacts(data.store, cfg.contacts);
  const seededBytes = data.bytes();
  const seededPayload = payloadBytes(data.sqlite);
  const prefix = uniquePrefix('e2e');
  const worker = await startScoreflow({ role: 'worker', dataDir: data.dir, redisUrl: redis.url, prefix });
  const queues = createQueues({ url: redis.url, prefix });
  const ingest = createIngestor({ store: data.store, queues });
  const pending = data.sqlite.prepare("SELECT count(*) FROM events WHERE status = 'pending'").pluck();
  const failed = data.sqlite.prepare("SELECT count(*) FROM events WHERE status = 'failed'").pluck();
  const runCount = data.sqlite.prepare('SELECT count(*) FROM runs').pluck();
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
  // The floor below writes what the drain writes on top of this copy (taken before the clock starts).
  const snapshotFile = path.join(data.dir, 'before-drain.db');
  snapshotTo(data.sqlite, snapshotFile);
  const c1b = await redis.commands();
  const t0 = performance.now();
  await queues.events.resume();
  await drained('the scoreflow backlog to drain');
  const t1 = performance.now();
  const c2 = await redis.commands();
  const sfPeak = cfg.events / ((t1 - t0) / 1000);
  const sfEnqueue = commandDelta(c0, c1);
  const sfProcess = commandDelta(c1b, c2);
  const sfCommands = (sfEnqueue.total + sfProcess.total) / cfg.events;
  const runsPerEvent = runCount.get() / cfg.events;
  log(`  scoreflow peak ${sfPeak.toFixed(0)} events/s, ${sfCommands.toFixed(2)} Redis commands/event`);
  // Every figure of this section assumes the shape; a change in seeding or matching must not pass unseen.
  if (runsPerEvent !== MATCHING) {
    throw new Error(`bench: ${runsPerEvent} runs per event, expected ${MATCHING} (of ${FLOWS} active flows)`);
  }

  const floor = await replayFloor({
    snapshotFile,
    floorFile: path.join(data.dir, 'floor.db'),
    tables: rowsWrittenSince(data.file, snapshotFile),
    events: cfg.events,
    perTransaction: 100,
  });
  log(
    `  bare-script floor: ${floor.eventsPerSecond.toFixed(0)} events/s (${floor.transactions} transactions)`,
  );

  const steadyFrom = Date.now();
  const c3 = await redis.commands();
  const sfSent = await openLoop(sfPeak / 2, cfg.steadySeconds, (n) =>
    ingest(Array.from({ length: n }, () => clickEvent(cfg.contacts))),
  );
  await drained('the scoreflow half-peak events');
  const c4 = await redis.commands();
  const latencies = data.sqlite
    .prepare("SELECT processed_at - received_at FROM events WHERE status = 'processed' AND received_at >= ?")
    .pluck()
    .all(steadyFrom);
  const sfLatency = summarize(latencies);
  log(`  scoreflow at half peak: p50 ${sfLatency.p50} ms, p99 ${sfLatency.p99} ms`);

  // --- Reference: a no-op worker ---
  const ref = await noopReference({
    redis,
    events: cfg.events,
    steadySeconds: cfg.steadySeconds,
    concurrency: CONCURRENCY,
    batch: BATCH,
    log,
  });
  const refCommands = ref.details.commandsPerJob;
  const sfProcessPerEvent = sfProcess.total / cfg.events;
  const refProcessPerJob = ref.details.processCommandsPerJob;

  rows.push(
    {
      section: SECTION,
      figure: `events processed / s (peak; ${FLOWS} active flows, ${MATCHING} match)`,
      value: sfPeak,
      reference: 'no-op BullMQ worker jobs / s',
      refValue: ref.peak,
      ratio: sfPeak / ref.peak,
      target: 'ratio >= 0.6',
      pass: sfPeak / ref.peak >= 0.6,
    },
    {
      section: SECTION,
      figure: 'Redis commands / event (enqueue + process)',
      value: sfCommands,
      reference: 'no-op commands / job',
      refValue: refCommands,
      ratio: sfCommands / refCommands,
      target: '<= reference + 1',
      pass: sfCommands <= refCommands + 1,
    },
    {
      section: SECTION,
      figure: 'Redis commands / event while the backlog drains',
      value: sfProcessPerEvent,
      reference: 'no-op commands / job while draining',
      refValue: refProcessPerJob,
      ratio: sfProcessPerEvent / refProcessPerJob,
      target: '<= reference',
      pass: sfProcessPerEvent <= refProcessPerJob,
    },
    {
      section: SECTION,
      figure: 'floor: the drain rows by a bare script, events / s',
      value: floor.eventsPerSecond,
      reference: 'scoreflow events / s (peak)',
      refValue: sfPeak,
      ratio: floor.eventsPerSecond / sfPeak,
      target: 'report',
      pass: null,
    },
    {
      section: SECTION,
      figure: `event-to-commit p50 ms at half peak (${Math.round(sfPeak / 2)}/s)`,
      value: sfLatency.p50,
      reference: `no-op add-to-finish p50 ms (${Math.round(ref.rate)}/s)`,
      refValue: ref.latency.p50,
      ratio: sfLatency.p50 / ref.latency.p50,
      target: 'report',
      pass: null,
    },
    {
      section: SECTION,
      figure: 'event-to-commit p99 ms at half peak',
      value: sfLatency.p99,
      reference: 'no-op add-to-finish p99 ms',
      refValue: ref.latency.p99,
      ratio: sfLatency.p99 / ref.latency.p99,
      target: 'report',
      pass: null,
    },
  );
  Object.assign(details, {
    scoreflow: {
      peakEventsPerSecond: sfPeak,
      runsPerEvent,
      commandsPerEvent: sfCommands,
      processCommandsPerEvent: sfProcessPerEvent,
      enqueueCommands: sfEnqueue,
      processCommands: sfProcess,
      halfPeak: { sent: sfSent, latencyMs: sfLatency, commands: commandDelta(c3, c4) },
      failedEvents: failed.get(),
    },
    floor,
    reference: ref.details,
  });

  // --- Section 5: keep feeding the same worker, then read its memory and the database size ---
  const already = cfg.events + sfSent;
  const more = Math.max(0, cfg.footprintEvents - already);
  log(`  footprint: ${more} more events (to ${cfg.footprintEvents} in all) through the same worker`);
  const f0 = performance.now();
  await ingestMany(more);
  await drained('the footprint events');
  const footprintSeconds = (performance.now() - f0) / 1000;
  data.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const total = already + more;
  const footprint = footprintRows({
    contacts: cfg.contacts,
    events: total,
    seconds: footprintSeconds,
    memory: worker.memory(),
    refMemory: ref.memory(),
    bytes: data.bytes(),
    seededBytes,
  });
  // Bytes per event in the database against what the rows hold (measured over the same events).
  const payloadPerEvent = (payloadBytes(data.sqlite) - seededPayload) / total;
  const bytesPerEvent = footprint.details.bytesPerEvent;
  rows.push({
    section: SECTION,
    figure: `SQLite bytes / event (lead-scoring shape, ${total.toLocaleString('en-US')} events)`,
    value: bytesPerEvent,
    reference: 'raw payload bytes / event (stored values)',
    refValue: payloadPerEvent,
    ratio: bytesPerEvent / payloadPerEvent,
    target: '<= 2,048 bytes',
    pass: bytesPerEvent <= 2048,
  });
  details.storage = { bytesPerEvent, payloadBytesPerEvent: payloadPerEvent, events: total };

  await ref.stop();
  await queues.close();
  await worker.stop();
  await redis.dropPrefix(prefix);
  await data.remove();
  return { rows, details, footprint };
}
