import { createIngestor, createQueues } from '@scoreflow/runtime';
import { cpuMeter } from '../lib/cpu.mjs';
import { startScoreflow } from '../lib/processes.mjs';
import { commandDelta } from '../lib/redis.mjs';
import { clickEvent, seedContacts, seedFlows, tempStore, uniquePrefix } from '../lib/seed.mjs';
import { percentile, until } from '../lib/stats.mjs';

const SECTION = '10 End to end, both stores';
/** The lead-scoring shape of section 1: this many active flows, of which MATCHING start on every event. */
const FLOWS = 100;
const MATCHING = 5;
const BATCH = 500;
const WORKERS = [1, 2, 4];
/** Events each worker process gets before the measured drain (see `drain`). */
const WARMUP_PER_WORKER = 300;
/**
 * Every drain runs this many times, the configurations taking turns, and each figure is the median of
 * its rounds: on a small virtual machine one drain's figures move by up to 1.6x from one minute to the
 * next, more than the differences the targets are about.
 */
const ROUNDS = 3;

/**
 * One drain: a fresh store (SQLite file or PostgreSQL schema), `workers` worker processes warmed up
 * by a first drain of their own, N events ingested into a paused queue, then the queue resumed and
 * timed until every event is processed.
 * CPU is that of every process involved: the workers, Redis and (on PostgreSQL) every server process.
 */
async function drain({ redis, store, workers, contacts, events, log }) {
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
          }),
        );
      }
      const pending = async () => data.count("events WHERE status = 'pending'");
      const ingestEvents = async (n) => {
        for (let sent = 0; sent < n; sent += BATCH) {
          await ingest(Array.from({ length: Math.min(BATCH, n - sent) }, () => clickEvent(contacts)));
        }
      };
      // Each process pays once for what it learns at its start (compiling its hot code, reading the
      // flows and the trigger index, preparing its statements on each connection): a warm-up drain
      // before the measured one, so the figures are per event of running workers, whatever their number.
      const warmup = WARMUP_PER_WORKER * workers;
      await ingestEvents(warmup);
      await until(async () => (await pending()) === 0, 'the warm-up events to drain', 10 * 60_000, 50);
      await queues.events.pause();
      await ingestEvents(events);
      const meter = cpuMeter({
        workers: { pids: started.map((w) => w.pid) },
        redis: { pids: [redis.pid] },
        ...(store === 'postgres' ? { postgres: { names: ['postgres'] } } : {}),
      });
      const commandsBefore = await redis.commands();
      meter.start();
      const t0 = performance.now();
      await queues.events.resume();
      await until(
        async () => (await pending()) === 0,
        `the ${store} backlog to drain with ${workers} worker(s)`,
        30 * 60_000,
        50,
      );
      const seconds = (performance.now() - t0) / 1000;
      const cpu = meter.stop();
      const commands = commandDelta(commandsBefore, await redis.commands());
      const runs = await data.count('runs');
      const failed = await data.count("events WHERE status = 'failed'");
      if (runs !== (warmup + events) * MATCHING || failed > 0) {
        throw new Error(`bench: ${store} with ${workers} workers made ${runs} runs and ${failed} failures`);
      }
      const result = {
        store,
        workers,
        events,
        seconds,
        eventsPerSecond: events / seconds,
        cpuMsPerEvent: cpu.total / events,
        // Work that does not depend on how the machine's cores are shared: what a worker asks of Redis.
        redisCommandsPerEvent: commands.total / events,
        cpuMsPerEventBy: Object.fromEntries(
          Object.entries(cpu.byGroup).map(([group, ms]) => [group, ms / events]),
        ),
      };
      const split = Object.entries(result.cpuMsPerEventBy)
        .map(([group, ms]) => `${group} ${ms.toFixed(2)}`)
        .join(', ');
      log(
        `  ${store}, ${workers} worker(s): ${result.eventsPerSecond.toFixed(0)} events/s, ` +
          `${result.cpuMsPerEvent.toFixed(2)} CPU ms/event (${split}), ` +
          `${result.redisCommandsPerEvent.toFixed(1)} Redis commands/event`,
      );
      await queues.close();
      await redis.dropPrefix(prefix);
      return result;
    } finally {
      for (const w of started) await w.stop();
    }
  } finally {
    await data.remove();
  }
}

/**
 * Section 10: section 1's drain on SQLite with one worker process and on PostgreSQL with 1, 2 and 4,
 * each on a fresh database, ROUNDS times over (figures are medians). Targets: PostgreSQL with one
 * worker at least 0.7× SQLite's events/s; CPU per event with 4 workers at most 1.1× that with one
 * (work per event must not grow with workers, so that throughput grows with hosts). On a 2-core machine the curve cannot show throughput growing
 * past two workers, and four workers with PostgreSQL and Redis on two cores pay for sharing them in
 * CPU time (see docs/benchmarks.md); the CPU split by process and the Redis commands per event say
 * where the work goes.
 */
export async function postgresEndToEnd({ redis, quick, log }) {
  const cfg = quick ? { contacts: 5_000, events: 2_000 } : { contacts: 20_000, events: 10_000 };
  const configurations = [
    { store: 'sqlite', workers: 1 },
    ...WORKERS.map((workers) => ({ store: 'postgres', workers })),
  ];
  const rounds = configurations.map(() => []);
  for (let round = 1; round <= ROUNDS; round += 1) {
    log(`  round ${round} of ${ROUNDS}`);
    for (const [i, configuration] of configurations.entries())
      rounds[i].push(await drain({ redis, ...configuration, ...cfg, log }));
  }
  const median = (values) => percentile(values, 50);
  const results = rounds.map((drains) => ({
    store: drains[0].store,
    workers: drains[0].workers,
    events: drains[0].events,
    eventsPerSecond: median(drains.map((d) => d.eventsPerSecond)),
    cpuMsPerEvent: median(drains.map((d) => d.cpuMsPerEvent)),
    cpuMsPerEventBy: Object.fromEntries(
      Object.keys(drains[0].cpuMsPerEventBy).map((group) => [
        group,
        median(drains.map((d) => d.cpuMsPerEventBy[group])),
      ]),
    ),
    redisCommandsPerEvent: median(drains.map((d) => d.redisCommandsPerEvent)),
    rounds: drains,
  }));
  const [sqlite, pg1] = results;
  const byWorkers = (n) => results.find((r) => r.store === 'postgres' && r.workers === n);
  /** PostgreSQL with `n` workers against one worker; with one, the row has no reference. */
  const againstOne = (n, what, key, target) => {
    const ratio = n === 1 ? Number.NaN : byWorkers(n)[key] / pg1[key];
    return {
      section: SECTION,
      figure: `PostgreSQL, ${n} worker(s): ${what}`,
      value: byWorkers(n)[key],
      reference: n === 1 ? '-' : 'PostgreSQL, 1 worker',
      refValue: n === 1 ? null : pg1[key],
      ratio,
      target,
      pass: target === 'ratio <= 1.1' ? ratio <= 1.1 : null,
    };
  };
  const sqliteCpu = {
    section: SECTION,
    figure: 'SQLite, 1 worker(s): CPU ms / event (all processes)',
    value: sqlite.cpuMsPerEvent,
    reference: '-',
    refValue: null,
    ratio: Number.NaN,
    target: 'report',
    pass: null,
  };
  const rows = [
    {
      section: SECTION,
      figure: 'SQLite, 1 worker: events / s',
      value: sqlite.eventsPerSecond,
      reference: '-',
      refValue: null,
      ratio: Number.NaN,
      target: 'report',
      pass: null,
    },
    {
      section: SECTION,
      figure: 'PostgreSQL, 1 worker: events / s',
      value: pg1.eventsPerSecond,
      reference: 'SQLite, 1 worker: events / s',
      refValue: sqlite.eventsPerSecond,
      ratio: pg1.eventsPerSecond / sqlite.eventsPerSecond,
      target: 'ratio >= 0.7',
      pass: pg1.eventsPerSecond / sqlite.eventsPerSecond >= 0.7,
    },
    ...WORKERS.slice(1).map((n) => againstOne(n, 'events / s', 'eventsPerSecond', 'report (2 cores)')),
    sqliteCpu,
    againstOne(1, 'CPU ms / event (all processes)', 'cpuMsPerEvent', 'report'),
    ...WORKERS.slice(1).map((n) =>
      // The 4-worker ratio is the target; the 2-worker one is what the machine can show without more
      // processes than cores.
      againstOne(
        n,
        'CPU ms / event (all processes)',
        'cpuMsPerEvent',
        n === 4 ? 'ratio <= 1.1' : 'report (2 cores)',
      ),
    ),
    ...WORKERS.slice(1).map((n) =>
      againstOne(n, 'Redis commands / event', 'redisCommandsPerEvent', 'report'),
    ),
  ];
  return { rows, details: { config: { ...cfg, flows: FLOWS, matchingFlows: MATCHING }, results } };
}
