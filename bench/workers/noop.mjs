// The reference worker: BullMQ with a processor that does nothing, at the concurrency the Scoreflow
// worker uses. Driven by bench/lib/processes.mjs over IPC.
import { Worker } from 'bullmq';
import { summarize } from '../lib/stats.mjs';

const worker = new Worker(process.env.NOOP_QUEUE, async (job) => (job.data.dueAt ? Date.now() : undefined), {
  connection: { url: process.env.NOOP_REDIS_URL, maxRetriesPerRequest: null },
  prefix: process.env.NOOP_PREFIX,
  concurrency: Number(process.env.NOOP_CONCURRENCY),
});

/** @type {{ id: string, count: number, done: number, latencies: number[], lateness: number[], firstAt: number, lastAt: number } | undefined} */
let target;

worker.on('completed', (job, startedAt) => {
  if (!target) return;
  const now = Date.now();
  if (target.done === 0) target.firstAt = now;
  target.done += 1;
  target.lastAt = now;
  target.latencies.push((job.finishedOn ?? now) - job.timestamp);
  if (typeof job.data.dueAt === 'number') target.lateness.push(startedAt - job.data.dueAt);
  if (target.done >= target.count) {
    const t = target;
    target = undefined;
    process.send?.({
      reply: t.id,
      count: t.done,
      firstAt: t.firstAt,
      lastAt: t.lastAt,
      latency: summarize(t.latencies),
      lateness: t.lateness.length ? summarize(t.lateness) : undefined,
    });
  }
});
worker.on('error', (err) => process.stderr.write(`noop worker: ${err.message}\n`));

process.on('message', async (msg) => {
  if (msg.cmd === 'ready') {
    await worker.waitUntilReady();
    process.send?.({ reply: msg.id });
  } else if (msg.cmd === 'expect') {
    target = {
      id: msg.doneId,
      count: msg.count,
      done: 0,
      latencies: [],
      lateness: [],
      firstAt: 0,
      lastAt: 0,
    };
    process.send?.({ reply: msg.id });
  } else if (msg.cmd === 'stop') {
    await worker.close();
    process.send?.({ reply: msg.id });
    process.disconnect();
  }
});
