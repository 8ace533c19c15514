import type { Cluster, Redis } from 'ioredis';
import type { AfterCommitHandoff } from '../afterCommit.js';
import type { RuntimeObserver } from '../observer.js';
import { failEvent, type ProcessingDeps } from '../processing/index.js';
import { eventJobId, type Queues } from '../queues.js';

/** Which queue work the reconciler found in the database and handed (back) to Redis. */
export interface ReconcileReport {
  events: number;
  /** Pending events whose job had given up, now failed for good with its reason. */
  failedEvents: number;
  waits: number;
  deliveries: number;
  full: boolean;
}

/** The key whose absence tells that Redis lost its data (restart without persistence, FLUSHALL). */
export const sentinelKey = (prefix: string) => `${prefix}:scoreflow:reconciler-sentinel`;

/** The items whose job (by id) is not in the queue in any state. */
async function withoutJobs<T>(
  queue: { getJob(id: string): Promise<unknown> },
  items: readonly T[],
  jobId: (item: T) => string,
): Promise<T[]> {
  const missing: T[] = [];
  for (const item of items) if (!(await queue.getJob(jobId(item)))) missing.push(item);
  return missing;
}

export interface ReconcilerOptions {
  deps: ProcessingDeps;
  queues: Queues;
  /** The reconciler's own connection, for the sentinel key. */
  redis: Redis | Cluster;
  prefix: string;
  afterCommit: AfterCommitHandoff;
  observer: RuntimeObserver;
}

/** Rebuilds Redis's work from the database (the system of record): on boot, then on a schedule. */
export function createReconciler(options: ReconcilerOptions) {
  const { deps, queues, redis, afterCommit, observer } = options;
  const { store } = deps;

  async function pass(full: boolean): Promise<ReconcileReport> {
    const key = sentinelKey(options.prefix);
    const lost = (await redis.exists(key)) === 0;
    const everything = full || lost;
    const now = deps.now();
    // In a normal pass only events that have waited a while and whose job is really missing are queued
    // again: re-adding a job that exists is a no-op for BullMQ, but not a free one under a backlog.
    const stale = (await store.events.listPending(everything ? 100_000 : 1_000)).filter(
      (e) => everything || Date.parse(e.receivedAt) < now - 30_000,
    );
    const events: typeof stale = [];
    let failedEvents = 0;
    for (const event of stale) {
      if (everything) {
        events.push(event);
        continue;
      }
      const job = await queues.events.getJob(eventJobId(event.id));
      if (!job) events.push(event);
      // A job that gave up without the event recording it (the worker died mid-way, the job stalled
      // too often, or the failure could not be written) would keep the event pending forever, at the
      // head of this scan: it fails for good with the job's reason.
      else if (
        job.failedReason &&
        (await job.isFailed()) &&
        (await failEvent(deps, event.id, `processing gave up: ${job.failedReason || 'unknown reason'}`))
      )
        failedEvents++;
    }
    if (events.length > 0) {
      await queues.events.addBulk(
        events.map((e) => ({ name: 'event', data: { eventId: e.id }, opts: { jobId: eventJobId(e.id) } })),
      );
    }
    const waits = everything ? await store.waits.listPending(100_000) : [];
    // A wait that is due by the database's clock but still delayed in Redis (the clock jumped, or its job was
    // lost) is promoted or re-added, so no wait stays stuck; the handler re-checks the due time.
    for (const due of await store.waits.listDue(now, 10_000)) {
      const job = await queues.waits.getJob(due.id);
      if (!job) waits.push(due);
      else if (await job.isDelayed()) await job.promote().catch(() => undefined);
    }
    const undelivered = everything
      ? await store.outbox.listPending({ limit: 100_000 })
      : await withoutJobs(
          queues.deliveries,
          await store.outbox.listPending({ dueBy: now - 30_000, limit: 1_000 }),
          (o) => o.id,
        );
    await afterCommit({
      waits: waits.map((w) => ({ id: w.id, dueAtMs: w.dueAtMs })),
      outbox: undelivered.map((o) => o.id),
    });
    await redis.set(key, String(now));
    return {
      events: events.length,
      failedEvents,
      waits: waits.length,
      deliveries: undelivered.length,
      full: everything,
    };
  }

  /** One pass; `full` (or a Redis that lost its data) re-queues every pending item. */
  return async function reconcile(full = false): Promise<ReconcileReport> {
    const started = performance.now();
    const report = await pass(full);
    observer.maintenance('reconcile', performance.now() - started);
    observer.reconciled(report);
    if (report.full || report.events + report.waits + report.failedEvents > 0)
      deps.logger?.info(report, 'reconciled the queues with SQLite');
    return report;
  };
}

export type Reconcile = ReturnType<typeof createReconciler>;
