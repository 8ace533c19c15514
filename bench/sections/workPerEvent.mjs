import { callgrind, callgrindAvailable } from '../lib/callgrind.mjs';
import { drain, FLOWS, MATCHING } from '../lib/drain.mjs';
import { startPrivateRedis } from '../lib/redis.mjs';

const SECTION = '11 Work per event, counted';
const WORKERS = [1, 2, 4];
const MAX_WORKERS = 4;
/**
 * Events per second each worker gets. Under valgrind a worker runs some 50 times slower; four of them
 * with Redis on two cores drain about 12 events/s here, so 2 each leaves them room, whatever their number.
 */
const PACE = 2;

/**
 * One drain by `workers` workers at PACE each, the workers and a private Redis under callgrind; the
 * instructions they executed from the first event of the drain to the last.
 */
async function countedDrain({ workers, contacts, warmupPerWorker, eventsPerWorker }) {
  const counter = callgrind();
  const redis = await startPrivateRedis({ launcher: counter.launcher });
  try {
    return await drain({
      redis,
      store: 'postgres',
      workers,
      contacts,
      events: eventsPerWorker * workers,
      warmupPerWorker,
      pace: PACE,
      launcher: counter.launcher,
      nodeArgs: ['--single-threaded'],
      meter: (started) => {
        const pids = [redis.pid, ...started.map((w) => w.pid)];
        return {
          start: () => counter.on(pids),
          async stop() {
            const counted = await counter.take(pids);
            const inWorkers = started.reduce((sum, w) => sum + (counted.get(w.pid) ?? 0), 0);
            return { instructions: { workers: inWorkers, redis: counted.get(redis.pid) ?? 0 } };
          },
        };
      },
    });
  } finally {
    await redis.stop();
    counter.remove();
  }
}

/**
 * Section 11: whether the work per event grows with the number of worker processes, counted in
 * instructions (valgrind's callgrind) rather than CPU time. Target: 4 workers at most 1.1x the
 * instructions per event of one, in the worker processes (Redis's are reported beside). Quick mode
 * compares 1 and 4 workers, full mode 1, 2 and 4.
 *
 * CPU time on this 2-core machine cannot answer it: with four workers, PostgreSQL and Redis sharing two
 * cores, every worker runs slower, and what a process does per second (timers, V8's heuristics that
 * collect garbage and recompile code by time) is then paid over fewer events. An instruction count does
 * not depend on how the cores are shared, and every worker is given the same events per second (PACE)
 * whatever their number, as workers on hosts of their own would be: each process does the same work per
 * second, so only work that comes from there being several workers (racing for jobs, contending for
 * locks, repeating what another already did) shows in the ratio.
 *
 * Counted: the worker processes and Redis, from the first event of the drain to the last. Not counted:
 * PostgreSQL, which runs a process per connection forked from its server, and callgrind can neither start
 * nor stop counting in a forked process; its CPU per event at equal pace is in section 10. Node runs with
 * --single-threaded: valgrind runs one thread of a process at a time, so V8's parallel garbage
 * collection helpers would spin waiting for each other and count instructions that real cores do not;
 * on one thread the collector does the same work.
 */
export async function workPerEvent({ quick, log }) {
  if (!callgrindAvailable())
    return { rows: [], details: {}, skipped: 'valgrind (callgrind) is not installed' };
  const cfg = quick
    ? { contacts: 5_000, warmupPerWorker: 600, eventsPerWorker: 150, workers: [1, 4] }
    : { contacts: 20_000, warmupPerWorker: 1_500, eventsPerWorker: 400, workers: WORKERS };
  const results = [];
  for (const workers of cfg.workers) {
    // A worker's count comes in lumps (a major garbage collection, a burst of recompiling), so every
    // configuration counts as many worker processes in all: one worker four times, two twice, four once.
    const counted = { workers: 0, redis: 0, events: 0, seconds: 0 };
    for (let run = 0; run < MAX_WORKERS / workers; run += 1) {
      const d = await countedDrain({ ...cfg, workers });
      counted.workers += d.instructions.workers;
      counted.redis += d.instructions.redis;
      counted.events += d.events;
      counted.seconds += d.seconds;
    }
    const perEvent = (n) => n / counted.events;
    const result = {
      workers,
      events: counted.events,
      seconds: counted.seconds,
      instructionsPerEvent: perEvent(counted.workers + counted.redis),
      instructionsPerEventBy: { workers: perEvent(counted.workers), redis: perEvent(counted.redis) },
    };
    log(
      `  ${workers} worker(s) at ${PACE} events/s each: ${(result.instructionsPerEvent / 1e6).toFixed(2)} M ` +
        `instructions/event (workers ${(result.instructionsPerEventBy.workers / 1e6).toFixed(2)}, ` +
        `redis ${(result.instructionsPerEventBy.redis / 1e6).toFixed(2)})`,
    );
    results.push(result);
  }
  const one = results[0];
  /** Instructions per event of `part` with `r.workers` workers, against one worker. */
  const row = (r, part, target) => {
    const ratio =
      r.workers === 1 ? Number.NaN : r.instructionsPerEventBy[part] / one.instructionsPerEventBy[part];
    return {
      section: SECTION,
      figure: `PostgreSQL, ${r.workers} worker(s) at ${PACE} events/s each: instructions / event (${part})`,
      value: r.instructionsPerEventBy[part],
      reference: r.workers === 1 ? '-' : 'the same, 1 worker',
      refValue: r.workers === 1 ? null : one.instructionsPerEventBy[part],
      ratio,
      target,
      pass: target === 'ratio <= 1.1' ? ratio <= 1.1 : null,
    };
  };
  const rows = [
    ...results.map((r) => row(r, 'workers', r.workers === 4 ? 'ratio <= 1.1' : 'report')),
    // Redis's housekeeping (its timers, 10 a second) is paid per second of the installation, not per
    // worker: spread over twice or four times the events, its part per event falls with more workers.
    ...results.map((r) => row(r, 'redis', 'report')),
  ];
  return {
    rows,
    details: { config: { ...cfg, flows: FLOWS, matchingFlows: MATCHING, pace: PACE }, results },
  };
}
