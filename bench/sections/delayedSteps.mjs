import { createQueues } from '@scoreflow/runtime';
import { activateFlow } from '@scoreflow/runtime/testing';
import { startNoopWorker, startScoreflow } from '../lib/processes.mjs';
import { commandDelta } from '../lib/redis.mjs';
import { seedContacts, tempStore, uniquePrefix } from '../lib/seed.mjs';
import { sleep, summarize, until } from '../lib/stats.mjs';

const CONCURRENCY = 8;

/** trigger → wait → add a point: the run parks on `wait` until its due time. */
const waitFlow = {
  schemaVersion: 1,
  settings: { name: 'bench wait', reentry: { mode: 'always' } },
  nodes: [
    { id: 'trigger', type: 'trigger.event', position: { x: 0, y: 0 }, config: { event: 'bench.wait' } },
    { id: 'wait', type: 'control.wait', position: { x: 0, y: 120 }, config: { seconds: 60 } },
    {
      id: 'point',
      type: 'action.adjustScore',
      position: { x: 0, y: 240 },
      config: { score: 'SCORE', delta: 1 },
    },
  ],
  edges: [
    { id: 'e1', source: 'trigger', target: 'wait' },
    { id: 'e2', source: 'wait', target: 'point' },
  ],
};

/**
 * Section 4: N waits due evenly over `spread` seconds. Scoreflow: runs parked on a wait node (rows made
 * with the store's repositories, as the engine leaves them), scheduled by the real worker process's boot
 * reconcile (the same `addBulk` of delayed jobs, job id = wait id, that the event path does after
 * commit), resumed by its wait worker; lateness = `fired_at - due_at` from SQLite. Reference: the same
 * due times as raw BullMQ delayed jobs on a no-op worker; lateness = processing start - due time.
 * Both also report Redis commands per second while nothing is due yet.
 * @param {{ redis: Awaited<ReturnType<typeof import('../lib/redis.mjs').startPrivateRedis>>, quick: boolean,
 *   log: (msg: string) => void }} ctx
 */
export async function delayedSteps({ redis, quick, log }) {
  const cfg = quick ? { waits: 2_000, spreadS: 5, leadS: 5 } : { waits: 100_000, spreadS: 60, leadS: 25 };
  const offset = (i) => Math.floor((i * cfg.spreadS * 1000) / cfg.waits);

  // --- Scoreflow ---
  const data = await tempStore();
  const flowId = await activateFlow(data.store, waitFlow);
  const contacts = await seedContacts(data.store, Math.min(cfg.waits, 10_000));
  await data.store.transaction(async () => {
    for (let i = 0; i < cfg.waits; i += 1) {
      const run = await data.store.runs.create({
        flowId,
        flowVersion: 1,
        contactId: contacts[i % contacts.length],
        status: 'waiting',
        currentNodeId: 'wait',
      });
      await data.store.waits.create({ runId: run.id, nodeId: 'wait', kind: 'delay', dueAt: offset(i) });
    }
  });
  const firstDue = Date.now() + cfg.leadS * 1000;
  data.sqlite.prepare('UPDATE waits SET due_at = due_at + ?').run(firstDue);
  const prefix = uniquePrefix('waits');
  log(`  scoreflow: ${cfg.waits} waits due from +${cfg.leadS} s over ${cfg.spreadS} s`);
  const worker = await startScoreflow({ role: 'worker', dataDir: data.dir, redisUrl: redis.url, prefix });
  const sfIdle = await idleRate(redis, firstDue);
  const pending = data.sqlite.prepare("SELECT count(*) FROM waits WHERE status = 'pending'").pluck();
  await until(() => pending.get() === 0, 'every wait to fire', 60 * 60_000, 200);
  const lateness = data.sqlite.prepare('SELECT fired_at - due_at FROM waits').pluck().all();
  const sf = summarize(lateness);
  log(
    `  scoreflow lateness p50 ${sf.p50} ms, p99 ${sf.p99} ms; idle ${sfIdle.perSecond?.toFixed(1)} commands/s`,
  );
  await worker.stop();
  await redis.dropPrefix(prefix);
  await data.remove();

  // --- Reference: raw delayed jobs ---
  const refPrefix = uniquePrefix('waits-ref');
  const noop = await startNoopWorker({
    redisUrl: redis.url,
    prefix: refPrefix,
    queue: 'waits',
    concurrency: CONCURRENCY,
  });
  const queues = createQueues({ url: redis.url, prefix: refPrefix });
  const run = await noop.expect(cfg.waits);
  const refFirstDue = Date.now() + cfg.leadS * 1000;
  for (let i = 0; i < cfg.waits; i += 1_000) {
    const jobs = [];
    for (let j = i; j < Math.min(cfg.waits, i + 1_000); j += 1) {
      const dueAt = refFirstDue + offset(j);
      jobs.push({
        name: 'wait',
        data: { waitId: `w${j}`, dueAt },
        opts: { jobId: `w${j}`, delay: dueAt - Date.now() },
      });
    }
    await queues.waits.addBulk(jobs);
  }
  const refIdle = await idleRate(redis, refFirstDue);
  const refDone = await run.done;
  const ref = refDone.lateness;
  log(
    `  no-op lateness p50 ${ref.p50} ms, p99 ${ref.p99} ms; idle ${refIdle.perSecond?.toFixed(1)} commands/s`,
  );
  await queues.close();
  await noop.stop();
  await redis.dropPrefix(refPrefix);

  const rows = [
    {
      section: '4 Delayed steps',
      figure: `wait lateness p99 ms (${cfg.waits.toLocaleString('en-US')} over ${cfg.spreadS} s)`,
      value: sf.p99,
      reference: 'raw BullMQ delayed job p99 ms',
      refValue: ref.p99,
      ratio: sf.p99 / ref.p99,
      target: 'ratio <= 1.1',
      pass: sf.p99 / ref.p99 <= 1.1,
    },
    {
      section: '4 Delayed steps',
      figure: 'wait lateness p50 ms',
      value: sf.p50,
      reference: 'raw BullMQ delayed job p50 ms',
      refValue: ref.p50,
      ratio: sf.p50 / ref.p50,
      target: 'report',
      pass: null,
    },
    {
      section: '4 Delayed steps',
      figure: 'Redis commands / s while nothing is due (4 workers)',
      value: sfIdle.perSecond,
      reference: 'no-op worker (1 queue) commands / s',
      refValue: refIdle.perSecond,
      // A blocked no-op worker can send nothing at all for the whole window.
      ratio: refIdle.perSecond > 0 ? sfIdle.perSecond / refIdle.perSecond : null,
      target: 'report',
      pass: null,
    },
  ];
  return {
    rows,
    details: {
      config: cfg,
      scoreflow: { lateness: sf, idle: sfIdle },
      reference: { lateness: ref, idle: refIdle },
    },
  };
}

/**
 * Redis commands per second from now until shortly before `firstDue` (nothing is due in between).
 * @param {Awaited<ReturnType<typeof import('../lib/redis.mjs').startPrivateRedis>>} redis
 * @param {number} firstDue
 */
async function idleRate(redis, firstDue) {
  const windowMs = firstDue - 500 - Date.now();
  if (windowMs < 1_000)
    return { perSecond: Number.NaN, windowMs, note: 'scheduling ran past the first due time' };
  const before = await redis.commands();
  await sleep(windowMs);
  const delta = commandDelta(before, await redis.commands());
  return { perSecond: delta.total / (windowMs / 1000), windowMs, byCommand: delta.byCommand };
}
