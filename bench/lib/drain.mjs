import { createIngestor, createQueues } from '@scoreflow/runtime';
import { openLoop } from './load.mjs';
import { startScoreflow } from './processes.mjs';
import { clickEvent, seedContacts, seedFlows, tempStore, uniquePrefix } from './seed.mjs';
import { until } from './stats.mjs';

/** The lead-scoring shape of sections 1, 10 and 11: this many active flows, of which MATCHING start on every event. */
export const FLOWS = 100;
export const MATCHING = 5;
const BATCH = 500;

/**
 * One measured drain of the lead-scoring shape by `workers` worker processes on a fresh store (SQLite
 * file or PostgreSQL schema). Each process pays once for what it learns at its start (compiling its hot
 * code, reading the flows and the trigger index, preparing its statements on each connection), so every
 * worker first drains `warmupPerWorker` events of its own, uncounted. Then either
 * - a backlog: `events` events ingested into a paused queue, the queue resumed and timed until every
 *   event is processed; or
 * - with `pace` (events per second per worker): `events` events ingested at `pace * workers` per second,
 *   so that every worker has the same work per second whatever their number.
 * `meter(started)` measures from the start of the drain to its end: `{ start(), stop() }`, `stop`
 * resolving with the figures per event it adds to the result.
 * @param {{ redis: { url: string, dropPrefix: (p: string) => Promise<void> }, store: 'sqlite' | 'postgres',
 *   workers: number, contacts: number, events: number, warmupPerWorker: number, pace?: number,
 *   launcher?: string[], nodeArgs?: string[],
 *   meter: (workers: Array<{ pid: number }>) => { start: () => Promise<void> | void,
 *     stop: () => Promise<Record<string, unknown>> | Record<string, unknown> } }} options
 */
export async function drain(options) {
  const { redis, store, workers, contacts, events } = options;
  const data = await tempStore({ postgres: store === 'postgres' });
  try {
    await seedFlows(data.store, FLOWS, MATCHING);
    await seedContacts(data.store, contacts);
    const prefix = uniquePrefix(`e2e-${store}-${workers}`);
    const queues = createQueues({ url: redis.url, prefix });
    const ingest = createIngestor({ store: data.store, queues });
    const started = [];
    try {
      for (let i = 0; i < workers; i += 1) {
        started.push(
          await startScoreflow({
            role: 'worker',
            dataDir: data.dir,
            redisUrl: redis.url,
            prefix,
            databaseUrl: data.databaseUrl,
            launcher: options.launcher,
            nodeArgs: options.nodeArgs,
          }),
        );
      }
      const pending = async () => data.count("events WHERE status = 'pending'");
      const ingestEvents = async (n) => {
        for (let sent = 0; sent < n; sent += BATCH) {
          await ingest(Array.from({ length: Math.min(BATCH, n - sent) }, () => clickEvent(contacts)));
        }
      };
      const drained = (what) => until(async () => (await pending()) === 0, what, 60 * 60_000, 50);
      const warmup = options.warmupPerWorker * workers;
      await ingestEvents(warmup);
      await drained('the warm-up events to drain');
      if (options.pace === undefined) {
        await queues.events.pause();
        await ingestEvents(events);
      }
      const meter = options.meter(started);
      await meter.start();
      const t0 = performance.now();
      if (options.pace === undefined) await queues.events.resume();
      else {
        const rate = options.pace * workers;
        await openLoop(rate, events / rate, ingestEvents, 100);
      }
      await drained(`the ${store} events to drain with ${workers} worker(s)`);
      const seconds = (performance.now() - t0) / 1000;
      const figures = await meter.stop();
      const runs = await data.count('runs');
      const failed = await data.count("events WHERE status = 'failed'");
      if (runs !== (warmup + events) * MATCHING || failed > 0) {
        throw new Error(`bench: ${store} with ${workers} workers made ${runs} runs and ${failed} failures`);
      }
      await queues.close();
      await redis.dropPrefix(prefix);
      return { store, workers, events, seconds, eventsPerSecond: events / seconds, ...figures };
    } finally {
      for (const w of started) await w.stop();
    }
  } finally {
    await data.remove();
  }
}
