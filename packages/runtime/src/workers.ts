import type { Store } from '@scoreflow/store';
import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import { createTransport } from 'nodemailer';
import {
  applyDecay,
  applyRetention,
  createFlowVersionCache,
  DeliveryError,
  type DeliveryOptions,
  deliver,
  failEvent,
  type ProcessingDeps,
  processEvent,
  processWait,
  recordDeliveryFailure,
  sweepEngagement,
  sweepExits,
} from './processing/index.js';
import {
  createQueues,
  type DeliveryJob,
  type EventJob,
  eventJobId,
  type MaintenanceJob,
  QUEUE_NAMES,
  type Queues,
  type WaitJob,
} from './queues.js';
import { connectRedis } from './redis.js';
import { createScheduler } from './schedule.js';

interface Log {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface RuntimeOptions {
  store: Store;
  redisUrl: string;
  prefix: string;
  logger?: Log;
  /** The clock; tests pass a controllable one. */
  now?: () => number;
  /** Jobs per worker processed at once (the SQLite part is synchronous; this overlaps Redis I/O). */
  concurrency?: number;
  /** Delivery attempts before a step fails for good, and the first backoff (doubling each time). */
  deliveryAttempts?: number;
  deliveryBackoffMs?: number;
  webhookTimeoutMs?: number;
  /** Webhooks may call private and loopback addresses (WEBHOOK_ALLOW_PRIVATE); default only public ones. */
  webhookAllowPrivate?: boolean;
  /** Host names webhooks may call whatever they resolve to (WEBHOOK_ALLOW_HOSTS). */
  webhookAllowHosts?: string[];
  /** SMTP server for emails (SMTP_URL); unset, the outbox row is the delivered record. */
  smtpUrl?: string | undefined;
  /** The From of every email (SMTP_FROM). */
  smtpFrom?: string | undefined;
  /** Where recipients reach this installation, for unsubscribe links (PUBLIC_URL). */
  publicUrl?: string | undefined;
  /** Job lock duration; a killed worker's jobs are picked up again once it expires (BullMQ default 30 s). */
  lockDurationMs?: number;
  /** Run steps, events and delivered outbox rows older than this are pruned (0 keeps everything). */
  retentionDays?: number;
  /** How often the reconciler and the exit sweep run (ms); 0 disables the schedule (tests call them). */
  reconcileEveryMs?: number;
  sweepEveryMs?: number;
}

/** Which queue work the reconciler found in SQLite and handed (back) to Redis. */
export interface ReconcileReport {
  events: number;
  /** Pending events whose job had given up, now failed for good with its reason. */
  failedEvents: number;
  waits: number;
  deliveries: number;
  full: boolean;
}

const SENTINEL = 'scoreflow:reconciler-sentinel';

/**
 * SQLite errors a retry may get past: the database busy or locked by another writer, I/O, a full disk,
 * memory. Anything else processing throws comes from the event's data or from the code, and a retry
 * would run the same way again.
 */
const TRANSIENT_SQLITE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|NOMEM|PROTOCOL|CANTOPEN)/;
const isTransient = (err: unknown): boolean => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TRANSIENT_SQLITE.test(code);
};

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

/**
 * The worker side of the runtime: event, wait, delivery and maintenance workers on BullMQ, and the
 * reconciler that rebuilds Redis's work from SQLite (the system of record).
 */
export function createRuntime(options: RuntimeOptions) {
  const { store, logger } = options;
  const deps: ProcessingDeps = {
    store,
    flows: createFlowVersionCache(store),
    now: options.now ?? Date.now,
    logger,
  };
  const queues: Queues = createQueues({ url: options.redisUrl, prefix: options.prefix });
  const connection = { url: options.redisUrl, maxRetriesPerRequest: null } as const;
  const deliveryAttempts = options.deliveryAttempts ?? 8;
  const deliveryBackoffMs = options.deliveryBackoffMs ?? 2_000;
  const workers: Worker[] = [];
  // The reconciler's own connection, for the sentinel key that tells whether Redis lost its data.
  const redis = connectRedis(options.redisUrl);
  redis.on('error', (err) => logger?.warn({ err: err.message }, 'redis connection error'));

  /** Queue delays are relative to the runtime's clock, so a test clock and real Redis agree. */
  const delayUntil = (dueAtMs: number) => Math.max(0, dueAtMs - deps.now());

  const afterCommit = createScheduler({ queues, now: deps.now, deliveryAttempts, deliveryBackoffMs });

  async function handleEvent(job: Job<EventJob>): Promise<string> {
    let outcome: ReturnType<typeof processEvent>;
    try {
      outcome = processEvent(deps, job.data.eventId);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const attempts = job.opts.attempts ?? 1;
      const finalAttempt = job.attemptsMade + 1 >= attempts;
      // Bad data (two contacts claiming one identity, a timestamp no date can hold) will not get better
      // by retrying: the event fails for good now, with its reason, and the events behind it go on. If
      // even that write fails, the error below is retried and the reconciler catches a job that gave up.
      const permanent = !isTransient(err);
      if (permanent) failEvent(deps, job.data.eventId, reason);
      else if (finalAttempt)
        failEvent(deps, job.data.eventId, `gave up after ${attempts} attempts: ${reason}`);
      if (permanent) throw new UnrecoverableError(reason);
      throw err;
    }
    if (outcome.status === 'processed') await afterCommit(outcome.afterCommit);
    return outcome.status;
  }

  async function handleWait(job: Job<WaitJob>, token?: string): Promise<string> {
    const outcome = processWait(deps, job.data.waitId);
    if (outcome.status === 'early') {
      await job.moveToDelayed(Date.now() + delayUntil(outcome.dueAtMs), token);
      throw new DelayedError();
    }
    if (outcome.status === 'resumed') await afterCommit(outcome.afterCommit);
    return outcome.status;
  }

  const transport = options.smtpUrl ? createTransport(options.smtpUrl) : undefined;
  const deliveryOptions: DeliveryOptions = {
    ...(options.webhookTimeoutMs === undefined ? {} : { webhookTimeoutMs: options.webhookTimeoutMs }),
    webhookPolicy: {
      allowPrivate: options.webhookAllowPrivate ?? false,
      allowHosts: (options.webhookAllowHosts ?? []).map((h) => h.toLowerCase()),
    },
    email: {
      transport,
      ...(options.smtpFrom ? { from: options.smtpFrom } : {}),
      ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    },
  };

  async function handleDelivery(job: Job<DeliveryJob>): Promise<string> {
    try {
      return (await deliver(deps, job.data.outboxId, deliveryOptions)).status;
    } catch (err) {
      // A permanent failure (blocked target, template error) fails the step now, not after every backoff.
      const permanent = err instanceof DeliveryError && err.permanent;
      const final = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const message = err instanceof DeliveryError ? err.message : String(err);
      const retryAt = final ? undefined : deps.now() + deliveryBackoffMs * 2 ** job.attemptsMade;
      recordDeliveryFailure(deps, job.data.outboxId, message, final, retryAt);
      throw permanent ? new UnrecoverableError(message) : err;
    }
  }

  async function reconcile(full = false): Promise<ReconcileReport> {
    const client = redis;
    const sentinelKey = `${options.prefix}:${SENTINEL}`;
    // A missing sentinel means Redis lost its data (restart without persistence, FLUSHALL): re-queue all.
    const lost = (await client.exists(sentinelKey)) === 0;
    const everything = full || lost;
    const now = deps.now();
    // In a normal pass only events that have waited a while and whose job is really missing are queued
    // again: re-adding a job that exists is a no-op for BullMQ, but not a free one under a backlog.
    const stale = store.events
      .listPending(everything ? 100_000 : 1_000)
      .filter((e) => everything || Date.parse(e.receivedAt) < now - 30_000);
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
        failEvent(deps, event.id, `processing gave up: ${job.failedReason || 'unknown reason'}`)
      )
        failedEvents++;
    }
    if (events.length > 0) {
      await queues.events.addBulk(
        events.map((e) => ({ name: 'event', data: { eventId: e.id }, opts: { jobId: eventJobId(e.id) } })),
      );
    }
    const waits = everything ? store.waits.listPending(100_000) : [];
    // A wait that is due by SQLite's clock but still delayed in Redis (the clock jumped, or its job was
    // lost) is promoted or re-added, so no wait stays stuck; the handler re-checks the due time.
    for (const due of store.waits.listDue(now, 10_000)) {
      const job = await queues.waits.getJob(due.id);
      if (!job) waits.push(due);
      else if (await job.isDelayed()) await job.promote().catch(() => undefined);
    }
    await afterCommit({ waits: waits.map((w) => ({ id: w.id, dueAtMs: w.dueAtMs })), outbox: [] });
    const undelivered = everything
      ? store.outbox.listPending({ limit: 100_000 })
      : await withoutJobs(
          queues.deliveries,
          store.outbox.listPending({ dueBy: now - 30_000, limit: 1_000 }),
          (o) => o.id,
        );
    const pendingOutbox = undelivered;
    await afterCommit({ waits: [], outbox: pendingOutbox.map((o) => o.id) });
    await client.set(sentinelKey, String(now));
    const report = {
      events: events.length,
      failedEvents,
      waits: waits.length,
      deliveries: pendingOutbox.length,
      full: everything,
    };
    if (everything || events.length + waits.length + failedEvents > 0)
      logger?.info(report, 'reconciled the queues with SQLite');
    return report;
  }

  async function handleMaintenance(job: Job<MaintenanceJob>): Promise<unknown> {
    switch (job.data.kind) {
      case 'reconcile':
        return reconcile();
      case 'retention':
        return options.retentionDays
          ? applyRetention(deps, options.retentionDays)
          : { skipped: 'retention is off' };
      case 'sweep':
        return { exits: sweepExits(deps), decay: applyDecay(deps), engagement: sweepEngagement(deps) };
    }
  }

  let watchdog: NodeJS.Timeout | undefined;
  /** Stable scheduler ids: however many worker processes start, each schedule exists once. */
  async function upsertSchedules(): Promise<void> {
    const reconcileEvery = options.reconcileEveryMs ?? 30_000;
    const sweepEvery = options.sweepEveryMs ?? 300_000;
    if (reconcileEvery > 0) {
      await queues.maintenance.upsertJobScheduler(
        'reconcile',
        { every: reconcileEvery },
        { name: 'reconcile', data: { kind: 'reconcile' } },
      );
    }
    if (options.retentionDays && sweepEvery > 0) {
      await queues.maintenance.upsertJobScheduler(
        'retention',
        { every: 6 * 3_600_000 },
        { name: 'retention', data: { kind: 'retention' } },
      );
    }
    if (sweepEvery > 0) {
      await queues.maintenance.upsertJobScheduler(
        'sweep',
        { every: sweepEvery },
        { name: 'sweep', data: { kind: 'sweep' } },
      );
    }
  }

  return {
    deps,
    queues,
    reconcile,
    /** Exit criteria and score decay; the maintenance schedule runs it, tests call it on a test clock. */
    retention: (days = options.retentionDays ?? 0) => applyRetention(deps, days),
    sweep: () => ({ exits: sweepExits(deps), decay: applyDecay(deps), engagement: sweepEngagement(deps) }),
    /** Starts the workers and the schedules, after a full reconcile (the boot pass). */
    async start(): Promise<void> {
      await reconcile(true);
      const concurrency = options.concurrency ?? 8;
      const lockDuration = options.lockDurationMs ?? 30_000;
      const common = { connection, prefix: options.prefix, lockDuration, stalledInterval: lockDuration };
      workers.push(
        new Worker<EventJob>(QUEUE_NAMES.events, handleEvent, { ...common, concurrency }),
        new Worker<WaitJob>(QUEUE_NAMES.waits, handleWait, { ...common, concurrency }),
        new Worker<DeliveryJob>(QUEUE_NAMES.deliveries, handleDelivery, { ...common, concurrency }),
        new Worker<MaintenanceJob>(QUEUE_NAMES.maintenance, handleMaintenance, { ...common, concurrency: 1 }),
      );
      for (const worker of workers) {
        worker.on('failed', (job, err) =>
          logger?.warn(
            { queue: worker.name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message },
            'job failed',
          ),
        );
        worker.on('error', (err) => logger?.error({ queue: worker.name, err: err.message }, 'worker error'));
      }
      await upsertSchedules();
      const reconcileEvery = options.reconcileEveryMs ?? 30_000;
      if (reconcileEvery > 0) {
        // The schedules live in Redis: a FLUSHALL or a restart without persistence takes them along, and
        // no reconcile job would ever run again. A local timer notices the missing sentinel and rebuilds both.
        watchdog = setInterval(() => {
          void (async () => {
            if ((await redis.exists(`${options.prefix}:${SENTINEL}`)) !== 0) return;
            logger?.warn(
              { prefix: options.prefix },
              'Redis lost its data: rebuilding the queues and schedules',
            );
            await reconcile(true);
            await upsertSchedules();
          })().catch((err: Error) => logger?.warn({ err: err.message }, 'rebuilding after data loss failed'));
        }, reconcileEvery);
        watchdog.unref();
      }
      await Promise.all(workers.map((w) => w.waitUntilReady()));
    },
    /** Stops taking jobs and waits for those in flight to finish (SIGTERM drains). */
    async close(): Promise<void> {
      clearInterval(watchdog);
      await Promise.all(workers.map((w) => w.close()));
      await queues.close();
      transport?.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

export type Runtime = ReturnType<typeof createRuntime>;
