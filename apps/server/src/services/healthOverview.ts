import { stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import type { Queues } from '@scoreflow/runtime';
import type { Store } from '@scoreflow/store';
import { type QueueStats, readQueueStats, withTimeout } from '../metrics/queueStats.js';
import type { ReadinessCheck } from '../routes/health.js';
import { type Backlog, readBacklog } from './backlog.js';

const MINUTE = 60_000;
/** The event chart covers the last hour, minute by minute, the current minute last. */
export const CHART_MINUTES = 60;
/**
 * Events processed in a minute are found among those received in the last day (the index is on the
 * receipt time): an event processed more than a day after it arrived is missing from the chart, and
 * the pending count and the processing lag say that far more plainly anyway.
 */
const PROCESSED_LOOKBACK_MS = 24 * 60 * MINUTE;
/** Latency "now" is the average of the events committed in the last five minutes. */
const LATENCY_WINDOW_MS = 5 * MINUTE;
const DEPENDENCY_TIMEOUT_MS = 1_000;
const REDIS_TIMEOUT_MS = 1_000;

export interface HealthOverview {
  generatedAt: string;
  events: {
    perMinute: { minute: string; received: number; processed: number }[];
    pending: number;
    oldestPendingAt: string | null;
    /** How long the oldest unprocessed event has waited (0 when none waits). */
    lagSeconds: number;
    /** Average receipt-to-commit time of the last five minutes' events, or null without any. */
    recentLatencySeconds: number | null;
    failedLastHour: number;
  };
  /** Null when Redis did not answer in time. */
  queues: { name: string; counts: QueueStats['counts']; oldestWaitingSeconds: number | null }[] | null;
  deliveries: {
    kind: string;
    pending: number;
    retrying: number;
    failedLastDay: number;
    lastError: { message: string; runId: string | null; createdAt: string } | null;
  }[];
  waits: { pending: number; overdue: number };
  maintenance: { task: 'reconcile' | 'sweep'; lastFinishedAt: string | null; lastFailure: string | null }[];
  dependencies: { name: string; ok: boolean; error?: string }[];
  disk: { path: string; totalBytes: number; freeBytes: number; databaseBytes: number } | null;
}

export interface HealthOverviewDeps {
  store: Store;
  queues?: Queues | undefined;
  /** The readiness checks of `/readyz` (the database, Redis). */
  readiness: readonly ReadinessCheck[];
}

const iso = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? null : new Date(ms).toISOString();

async function eventChart(store: Store, now: number): Promise<HealthOverview['events']['perMinute']> {
  const start = Math.floor(now / MINUTE) * MINUTE - (CHART_MINUTES - 1) * MINUTE;
  const received = await store.health.receivedPerMinute(start, MINUTE);
  const processed = await store.health.processedPerMinute(start, MINUTE, now - PROCESSED_LOOKBACK_MS);
  const chart = Array.from({ length: CHART_MINUTES }, (_, i) => ({
    minute: new Date(start + i * MINUTE).toISOString(),
    received: 0,
    processed: 0,
  }));
  for (const r of received) {
    const slot = chart[r.bucket];
    if (slot) slot.received = r.n;
  }
  for (const p of processed) {
    const slot = chart[p.bucket];
    if (slot) slot.processed = p.n;
  }
  return chart;
}

function recentEvents(store: Store, now: number) {
  return store.health.recentProcessing({
    latencySince: now - LATENCY_WINDOW_MS,
    failedSince: now - 60 * MINUTE,
    receivedSince: now - PROCESSED_LOOKBACK_MS,
  });
}

async function deliveryProblems(
  store: Store,
  now: number,
  pending: Backlog['deliveries'],
): Promise<HealthOverview['deliveries']> {
  const since = now - 24 * 60 * MINUTE;
  const failed = await store.health.failedDeliveries(since);
  const kinds = [...new Set([...pending.map((d) => d.kind), ...failed.map((f) => f.kind)])].sort();
  const problems = kinds.map(async (kind) => {
    const p = pending.find((d) => d.kind === kind);
    const error = await store.health.lastDeliveryError(kind, since);
    return {
      kind,
      pending: p?.pending ?? 0,
      retrying: p?.retrying ?? 0,
      failedLastDay: failed.find((f) => f.kind === kind)?.n ?? 0,
      lastError: error
        ? { message: error.message, runId: error.runId, createdAt: new Date(error.createdAt).toISOString() }
        : null,
    };
  });
  return Promise.all(problems);
}

/** The last reconcile and sweep, from the maintenance queue's finished jobs (whichever worker ran them). */
async function maintenanceRuns(queues: Queues): Promise<HealthOverview['maintenance']> {
  const [completed, failed] = await Promise.all([
    queues.maintenance.getJobs(['completed'], 0, 199, false),
    queues.maintenance.getJobs(['failed'], 0, 49, false),
  ]);
  return (['reconcile', 'sweep'] as const).map((task) => {
    const done = completed.find((j) => j.name === task);
    const fault = failed.find((j) => j.name === task);
    const failedLater = fault?.finishedOn !== undefined && fault.finishedOn > (done?.finishedOn ?? 0);
    return {
      task,
      lastFinishedAt: iso(done?.finishedOn),
      lastFailure: failedLater ? `${iso(fault.finishedOn)}: ${fault.failedReason}` : null,
    };
  });
}

async function checkDependency(check: ReadinessCheck): Promise<HealthOverview['dependencies'][number]> {
  try {
    await withTimeout(
      Promise.resolve().then(() => check.check()),
      DEPENDENCY_TIMEOUT_MS,
      check.name,
    );
    return { name: check.name, ok: true };
  } catch (err) {
    return { name: check.name, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** Disk space of the file system that holds the database, and the database's own size (with its WAL). */
async function diskUse(store: Store): Promise<HealthOverview['disk']> {
  const file = await store.health.file();
  if (file === null) return null;
  const dir = path.dirname(path.resolve(file));
  const sizes = await Promise.all(
    [file, `${file}-wal`].map((f) =>
      stat(f).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  const fs = await statfs(dir);
  return {
    path: dir,
    totalBytes: fs.blocks * fs.bsize,
    freeBytes: fs.bavail * fs.bsize,
    databaseBytes: sizes.reduce((a, b) => a + b, 0),
  };
}

/**
 * Everything the health page shows, in one answer: the event flow of the last hour from the database, the
 * backlog, the queues and last maintenance runs from Redis (null when it does not answer), and the
 * dependencies of `/readyz`. Redis and the disk are asked in parallel, each with a timeout.
 */
export async function healthOverview(deps: HealthOverviewDeps): Promise<HealthOverview> {
  const { store, queues } = deps;
  const now = store.now();
  const backlog = await readBacklog(store, now);
  const recent = await recentEvents(store, now);
  const redis = queues
    ? withTimeout(
        Promise.all([readQueueStats(queues, REDIS_TIMEOUT_MS), maintenanceRuns(queues)]),
        REDIS_TIMEOUT_MS,
        'Redis',
      ).catch(() => undefined)
    : Promise.resolve(undefined);
  const [queueAnswer, dependencies, disk] = await Promise.all([
    redis,
    Promise.all(deps.readiness.map(checkDependency)),
    diskUse(store).catch(() => null),
  ]);
  const wallNow = Date.now();
  return {
    generatedAt: new Date(now).toISOString(),
    events: {
      perMinute: await eventChart(store, now),
      pending: backlog.events.pending,
      oldestPendingAt: iso(backlog.events.oldestReceivedAt),
      lagSeconds:
        backlog.events.oldestReceivedAt === null
          ? 0
          : Math.max(0, now - backlog.events.oldestReceivedAt) / 1000,
      recentLatencySeconds: recent.latency === null ? null : recent.latency / 1000,
      failedLastHour: recent.failed,
    },
    queues: queueAnswer
      ? queueAnswer[0].map((q) => ({
          name: q.queue,
          counts: q.counts,
          // Job timestamps come from the clock of the process that added them, not the store's.
          oldestWaitingSeconds:
            q.oldestWaitingAt === null ? null : Math.max(0, wallNow - q.oldestWaitingAt) / 1000,
        }))
      : null,
    deliveries: await deliveryProblems(store, now, backlog.deliveries),
    waits: backlog.waits,
    maintenance: queueAnswer ? queueAnswer[1] : [],
    dependencies,
    disk,
  };
}
