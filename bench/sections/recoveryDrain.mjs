import { createIngestor, createQueues } from '@scoreflow/runtime';
import { startScoreflow } from '../lib/processes.mjs';
import { clickEvent, seedContacts, seedFlows, tempStore, uniquePrefix } from '../lib/seed.mjs';
import { until } from '../lib/stats.mjs';

/** The largest batch the ingestion API accepts. */
const BATCH = 500;
/** The worker is killed once this share of the backlog is processed. */
const KILL_AFTER = 0.25;

/**
 * A fresh data directory with the lead-scoring shape (100 active flows, 5 matching) and a backlog of
 * `events` accepted while no worker runs (stored in SQLite and queued, as the API does).
 * @param {{ redisUrl: string, contacts: number, events: number }} options
 */
async function backlog({ redisUrl, contacts, events }) {
  const data = await tempStore();
  await seedFlows(data.store, 100, 5);
  await seedContacts(data.store, contacts);
  const prefix = uniquePrefix('recovery');
  const queues = createQueues({ url: redisUrl, prefix });
  const ingest = createIngestor({ store: data.store, queues });
  for (let sent = 0; sent < events; sent += BATCH) {
    await ingest(Array.from({ length: Math.min(BATCH, events - sent) }, () => clickEvent(contacts)));
  }
  const pending = data.sqlite.prepare("SELECT count(*) FROM events WHERE status = 'pending'").pluck();
  const failed = data.sqlite.prepare("SELECT count(*) FROM events WHERE status = 'failed'").pluck();
  const start = () => startScoreflow({ role: 'worker', dataDir: data.dir, redisUrl, prefix });
  /**
   * Times a worker from the moment it says it has started to the last pending event processed; the
   * rate is the events that were pending at that moment over that time.
   * @param {Awaited<ReturnType<typeof start>>} worker
   */
  const drain = async (worker) => {
    const t0 = performance.now();
    const left = pending.get();
    // The longest stretch in which no event finished: after a SIGKILL, the wait for stalled jobs.
    let last = left;
    let lastAt = t0;
    let longestPause = 0;
    const empty = () => {
      const now = pending.get();
      const at = performance.now();
      if (now !== last) {
        longestPause = Math.max(longestPause, at - lastAt);
        last = now;
        lastAt = at;
      }
      return now === 0;
    };
    await until(empty, 'the backlog to drain', 30 * 60_000, 20);
    const seconds = (performance.now() - t0) / 1000;
    await worker.stop();
    return {
      events: left,
      seconds,
      eventsPerSecond: left / seconds,
      longestPauseSeconds: longestPause / 1000,
      failed: failed.get(),
    };
  };
  return {
    pending,
    start,
    drain,
    async remove(redis) {
      await queues.close();
      await redis.dropPrefix(prefix);
      await data.remove();
    },
  };
}

/**
 * Section 9: how fast the worker drains a backlog after its predecessor was SIGKILLed mid-drain (jobs
 * it held stay locked until BullMQ finds them stalled; its open transaction is rolled back), against
 * the clean drain of a backlog of the same size by a worker started normally.
 * @param {{ redis: Awaited<ReturnType<typeof import('../lib/redis.mjs').startPrivateRedis>>, quick: boolean,
 *   log: (msg: string) => void }} ctx
 */
export async function recoveryDrain({ redis, quick, log }) {
  const events = quick ? 2_000 : 10_000;
  const contacts = quick ? 10_000 : 100_000;

  const cleanBacklog = await backlog({ redisUrl: redis.url, contacts, events });
  const clean = await cleanBacklog.drain(await cleanBacklog.start());
  await cleanBacklog.remove(redis);
  log(
    `  clean drain: ${clean.eventsPerSecond.toFixed(0)} events/s (${clean.events} in ${clean.seconds.toFixed(1)} s, ` +
      `longest pause ${clean.longestPauseSeconds.toFixed(1)} s)`,
  );

  const killedBacklog = await backlog({ redisUrl: redis.url, contacts, events });
  const first = await killedBacklog.start();
  await until(
    () => killedBacklog.pending.get() <= events * (1 - KILL_AFTER),
    'a quarter of the backlog to be processed',
    30 * 60_000,
    20,
  );
  const exited = new Promise((resolve) => first.child.once('exit', resolve));
  first.child.kill('SIGKILL');
  await exited;
  const processedBeforeKill = events - killedBacklog.pending.get();
  const second = await killedBacklog.start();
  const recovered = await killedBacklog.drain(second);
  await killedBacklog.remove(redis);
  log(
    `  after SIGKILL at ${processedBeforeKill} processed: ${recovered.eventsPerSecond.toFixed(0)} events/s ` +
      `(${recovered.events} in ${recovered.seconds.toFixed(1)} s, longest pause ` +
      `${recovered.longestPauseSeconds.toFixed(1)} s)`,
  );

  const ratio = recovered.eventsPerSecond / clean.eventsPerSecond;
  return {
    rows: [
      {
        section: '9 Recovery',
        figure: `drain events / s after SIGKILL of the worker (${events.toLocaleString('en-US')} backlog)`,
        value: recovered.eventsPerSecond,
        reference: 'clean drain events / s (same backlog)',
        refValue: clean.eventsPerSecond,
        ratio,
        target: 'ratio >= 0.9',
        pass: ratio >= 0.9,
      },
    ],
    details: { events, contacts, killAfter: KILL_AFTER, processedBeforeKill, clean, recovered },
  };
}
