import { createQueues } from '@scoreflow/runtime';
import { openLoop } from '../lib/load.mjs';
import { startNoopWorker } from '../lib/processes.mjs';
import { commandDelta } from '../lib/redis.mjs';
import { uniquePrefix } from '../lib/seed.mjs';

/**
 * The reference of section 1: a no-op BullMQ worker process at the worker's concurrency, measured the
 * way the worker is. Peak: `events` jobs added (addBulk of `batch`) to a paused queue, then resumed and
 * drained; latency: jobs added open-loop at half of that peak for `steadySeconds`. The worker is left
 * running for section 5's memory reading; `stop()` ends it.
 * @param {{ redis: Awaited<ReturnType<typeof import('../lib/redis.mjs').startPrivateRedis>>,
 *   events: number, steadySeconds: number, concurrency: number, batch: number, log: (msg: string) => void }} options
 */
export async function noopReference({ redis, events, steadySeconds, concurrency, batch, log }) {
  const refPrefix = uniquePrefix('e2e-ref');
  const noop = await startNoopWorker({
    redisUrl: redis.url,
    prefix: refPrefix,
    queue: 'events',
    concurrency,
  });
  const refQueues = createQueues({ url: redis.url, prefix: refPrefix });
  let refJob = 0;
  const addMany = async (count) => {
    for (let sent = 0; sent < count; sent += batch) {
      const n = Math.min(batch, count - sent);
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
  await addMany(events);
  const r1 = await redis.commands();
  const peakRun = await noop.expect(events);
  const r0t = performance.now();
  await refQueues.events.resume();
  await peakRun.done;
  const r1t = performance.now();
  const r2 = await redis.commands();
  const peak = events / ((r1t - r0t) / 1000);
  const enqueue = commandDelta(r0, r1);
  const process = commandDelta(r1, r2);
  const commandsPerJob = (enqueue.total + process.total) / events;
  log(`  no-op peak ${peak.toFixed(0)} jobs/s, ${commandsPerJob.toFixed(2)} Redis commands/job`);

  const rate = peak / 2;
  const total = Math.round(rate * steadySeconds);
  const steadyRun = await noop.expect(total);
  const r3 = await redis.commands();
  await openLoop(rate, steadySeconds, (n) => addMany(n));
  const steady = await steadyRun.done;
  const r4 = await redis.commands();
  log(`  no-op at half peak: p50 ${steady.latency.p50} ms, p99 ${steady.latency.p99} ms`);
  return {
    peak,
    rate,
    latency: steady.latency,
    memory: () => noop.memory(),
    details: {
      peakJobsPerSecond: peak,
      commandsPerJob,
      processCommandsPerJob: process.total / events,
      enqueueCommands: enqueue,
      processCommands: process,
      halfPeak: { sent: total, latencyMs: steady.latency, commands: commandDelta(r3, r4) },
    },
    async stop() {
      await noop.stop();
      await refQueues.close();
      await redis.dropPrefix(refPrefix);
    },
  };
}
