import { cpuMeter } from '../lib/cpu.mjs';
import { drain, FLOWS, MATCHING } from '../lib/drain.mjs';
import { commandDelta } from '../lib/redis.mjs';
import { percentile } from '../lib/stats.mjs';

const SECTION = '10 End to end, both stores';
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
 * The paced drains: each worker gets this many events per second (a quarter of what one worker drains
 * here), for PACED_SECONDS, with 1 and with 4 workers.
 */
const PACE = 30;
const PACED_SECONDS = 20;

/**
 * A CPU meter over every process involved: the workers, Redis and (on PostgreSQL) every server process;
 * it also counts the commands Redis ran.
 */
const cpuFigures = (redis, store) => (workers) => {
  const meter = cpuMeter({
    workers: { pids: workers.map((w) => w.pid) },
    redis: { pids: [redis.pid] },
    ...(store === 'postgres' ? { postgres: { names: ['postgres'] } } : {}),
  });
  let commandsBefore;
  return {
    async start() {
      commandsBefore = await redis.commands();
      meter.start();
    },
    async stop() {
      const cpu = meter.stop();
      const commands = commandDelta(commandsBefore, await redis.commands());
      return { cpu, commands };
    },
  };
};

/** `drain` with the CPU meter, its figures per event, and a log line. */
async function measuredDrain({ redis, store, workers, pace, events, contacts, log }) {
  const d = await drain({
    redis,
    store,
    workers,
    contacts,
    events,
    pace,
    warmupPerWorker: WARMUP_PER_WORKER,
    meter: cpuFigures(redis, store),
  });
  const result = {
    store,
    workers,
    pace,
    events,
    seconds: d.seconds,
    eventsPerSecond: d.eventsPerSecond,
    cpuMsPerEvent: d.cpu.total / events,
    // Work that does not depend on how the machine's cores are shared: what a worker asks of Redis.
    redisCommandsPerEvent: d.commands.total / events,
    cpuMsPerEventBy: Object.fromEntries(
      Object.entries(d.cpu.byGroup).map(([group, ms]) => [group, ms / events]),
    ),
  };
  const split = Object.entries(result.cpuMsPerEventBy)
    .map(([group, ms]) => `${group} ${ms.toFixed(2)}`)
    .join(', ');
  log(
    `  ${store}, ${workers} worker(s)${pace === undefined ? '' : ` at ${pace} events/s each`}: ` +
      `${result.eventsPerSecond.toFixed(0)} events/s, ${result.cpuMsPerEvent.toFixed(2)} CPU ms/event (${split}), ` +
      `${result.redisCommandsPerEvent.toFixed(1)} Redis commands/event`,
  );
  return result;
}

/**
 * Section 10: section 1's drain on SQLite with one worker process and on PostgreSQL with 1, 2 and 4,
 * each on a fresh database, ROUNDS times over (figures are medians). Target: PostgreSQL with one worker
 * at least 0.7x SQLite's events/s. CPU per event with 1, 2 and 4 workers is reported two ways: draining
 * a backlog at full speed, and with every worker given the same events per second (PACE), 1 and 4
 * workers. On a 2-core machine the curve cannot show throughput growing past two workers, and at full
 * speed four workers with PostgreSQL and Redis on two cores each run slower, so each pays its
 * per-second costs over fewer events (see docs/benchmarks.md). Whether the work per event grows with
 * workers is section 11's target, counted in instructions at equal pace; the CPU split by process and
 * the Redis commands per event here say where the time goes.
 */
export async function postgresEndToEnd({ redis, quick, log }) {
  const cfg = quick ? { contacts: 5_000, events: 2_000 } : { contacts: 20_000, events: 10_000 };
  const configurations = [
    { store: 'sqlite', workers: 1, events: cfg.events },
    ...WORKERS.map((workers) => ({ store: 'postgres', workers, events: cfg.events })),
    ...[1, 4].map((workers) => ({
      store: 'postgres',
      workers,
      pace: PACE,
      events: PACE * workers * PACED_SECONDS,
    })),
  ];
  const rounds = configurations.map(() => []);
  for (let round = 1; round <= ROUNDS; round += 1) {
    log(`  round ${round} of ${ROUNDS}`);
    for (const [i, configuration] of configurations.entries())
      rounds[i].push(await measuredDrain({ redis, ...configuration, contacts: cfg.contacts, log }));
  }
  const median = (values) => percentile(values, 50);
  const results = rounds.map((drains) => ({
    store: drains[0].store,
    workers: drains[0].workers,
    pace: drains[0].pace,
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
  const find = (n, pace) => results.find((r) => r.store === 'postgres' && r.workers === n && r.pace === pace);
  const row = (figure, value, reference, refValue, target) => ({
    section: SECTION,
    figure,
    value,
    reference: reference ?? '-',
    refValue: refValue ?? null,
    ratio: refValue === undefined ? Number.NaN : value / refValue,
    target,
    pass: target === 'ratio >= 0.7' ? value / refValue >= 0.7 : null,
  });
  /** PostgreSQL with `n` workers (at `pace`) against one worker (at the same pace). */
  const againstOne = (n, what, key, target, pace) => {
    const at = pace === undefined ? '' : ` at ${pace} events/s each`;
    const one = find(1, pace);
    return row(
      `PostgreSQL, ${n} worker(s)${at}: ${what}`,
      find(n, pace)[key],
      n === 1 ? undefined : `PostgreSQL, 1 worker${at}`,
      n === 1 ? undefined : one[key],
      target,
    );
  };
  const cpu = 'CPU ms / event (all processes)';
  const rows = [
    row('SQLite, 1 worker: events / s', sqlite.eventsPerSecond, undefined, undefined, 'report'),
    row(
      'PostgreSQL, 1 worker: events / s',
      pg1.eventsPerSecond,
      'SQLite, 1 worker: events / s',
      sqlite.eventsPerSecond,
      'ratio >= 0.7',
    ),
    ...WORKERS.slice(1).map((n) => againstOne(n, 'events / s', 'eventsPerSecond', 'report (2 cores)')),
    row(`SQLite, 1 worker: ${cpu}`, sqlite.cpuMsPerEvent, undefined, undefined, 'report'),
    ...WORKERS.map((n) => againstOne(n, cpu, 'cpuMsPerEvent', n === 1 ? 'report' : 'report (2 cores)')),
    againstOne(1, cpu, 'cpuMsPerEvent', 'report', PACE),
    againstOne(4, cpu, 'cpuMsPerEvent', 'report (2 cores)', PACE),
    ...WORKERS.slice(1).map((n) =>
      againstOne(n, 'Redis commands / event', 'redisCommandsPerEvent', 'report'),
    ),
  ];
  return {
    rows,
    details: {
      config: { ...cfg, flows: FLOWS, matchingFlows: MATCHING, pace: PACE, pacedSeconds: PACED_SECONDS },
      results,
    },
  };
}
