import type { Store } from '@scoreflow/store';
import { Worker } from 'bullmq';
import { createTransport } from 'nodemailer';
import { createAfterCommit } from '../afterCommit.js';
import type { DeliveryOptions } from '../delivery/index.js';
import type { Log } from '../log.js';
import { NO_OBSERVER, type RuntimeObserver } from '../observer.js';
import { createFlowVersionCache, type ProcessingDeps } from '../processing/index.js';
import {
  createQueues,
  type DeliveryJob,
  type EventJob,
  type MaintenanceJob,
  QUEUE_NAMES,
  type Queues,
  type WaitJob,
} from '../queues.js';
import { connectRedis } from '../redis.js';
import { bullConnection, queuePrefix } from '../redisAddress.js';
import { createHandlers } from './handlers.js';
import { createHolders } from './holders.js';
import { createMaintenance } from './maintenance.js';
import { createReconciler } from './reconciler.js';
import { createSchedules } from './schedules.js';

export type { ReconcileReport } from './reconciler.js';

/**
 * A job's lock, renewed by its worker every half of it while the job runs. A worker killed outright
 * (SIGKILL, a lost host) holds its jobs until their locks expire and the next stalled check, every
 * half lock, finds them: 10 to 15 s with this value, against 30 to 60 s with BullMQ's default, whose
 * wait dominated the drain of a backlog after a crash (a worker restarted on the same host takes them
 * up at once: `holders.ts`). The lock only has to outlast the longest stop
 * of a worker's event loop, which no job of the runtime comes near (SQLite transactions take
 * milliseconds, webhooks and SMTP are asynchronous).
 */
export const DEFAULT_LOCK_MS = 10_000;
/**
 * How often a job may be found stalled before it fails. A stalled job is only processed again (every
 * step is idempotent), so a worker that stopped for longer than a lock, once or twice, costs nothing;
 * a job that keeps killing its workers still ends.
 */
const MAX_STALLED_COUNT = 3;

/** How long anonymous events wait for their visitor to identify, unless configured otherwise. */
export const DEFAULT_ANONYMOUS_RETENTION_DAYS = 30;

export interface RuntimeOptions {
  store: Store;
  redisUrl: string;
  prefix: string;
  logger?: Log;
  /** Told what the runtime did (events, runs, deliveries, maintenance), for metrics. */
  observer?: RuntimeObserver;
  /** The clock; tests pass a controllable one. */
  now?: () => number;
  /**
   * Jobs per worker processed at once: on SQLite their transactions take turns on the one connection
   * and this overlaps Redis I/O; on PostgreSQL they run side by side, the events of one contact in turn.
   */
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
  /** Job lock duration; a killed worker's jobs are picked up again once it expires ({@link DEFAULT_LOCK_MS}). */
  lockDurationMs?: number;
  /** Run steps, events and delivered outbox rows older than this are pruned (0 keeps everything). */
  retentionDays?: number;
  /** Anonymous events older than this are pruned (default 30; 0 keeps them, within the per-visitor cap). */
  anonymousRetentionDays?: number;
  /** How often the reconciler and the exit sweep run (ms); 0 disables the schedule (tests call them). */
  reconcileEveryMs?: number;
  sweepEveryMs?: number;
}

/** An observer that throws must not fail the work it reports on. */
function guarded(observer: RuntimeObserver, logger: Log | undefined): RuntimeObserver {
  const safe = {} as RuntimeObserver;
  for (const name of Object.keys(NO_OBSERVER) as (keyof RuntimeObserver)[]) {
    safe[name] = ((...args: never[]) => {
      try {
        (observer[name] as (...a: never[]) => void)(...args);
      } catch (err) {
        logger?.warn({ err: (err as Error).message, method: name }, 'runtime observer failed');
      }
    }) as never;
  }
  return safe;
}

/**
 * The worker side of the runtime: event, wait, delivery and maintenance workers on BullMQ, the
 * reconciler that rebuilds Redis's work from the database (the system of record) and the schedules.
 */
export function createRuntime(options: RuntimeOptions) {
  const { store, logger } = options;
  const deps: ProcessingDeps = {
    store,
    flows: createFlowVersionCache(store),
    now: options.now ?? Date.now,
    logger,
  };
  const observer = guarded(options.observer ?? NO_OBSERVER, logger);
  const queues: Queues = createQueues({ url: options.redisUrl, prefix: options.prefix });
  const deliveryAttempts = options.deliveryAttempts ?? 8;
  const deliveryBackoffMs = options.deliveryBackoffMs ?? 2_000;
  const retentionDays = options.retentionDays ?? 0;
  const anonymousRetentionDays = options.anonymousRetentionDays ?? DEFAULT_ANONYMOUS_RETENTION_DAYS;
  // The reconciler's own connection, for the sentinel key that tells whether Redis lost its data.
  const redis = connectRedis(options.redisUrl);
  redis.on('error', (err) => logger?.warn({ err: err.message }, 'redis connection error'));

  const afterCommit = createAfterCommit({
    queues,
    now: deps.now,
    deliveryAttempts,
    deliveryBackoffMs,
    observer,
  });
  // The sentinel and schedule keys sit beside the queues' (a hash tag on a cluster).
  const prefix = queuePrefix(options.redisUrl, options.prefix);
  const reconcile = createReconciler({ deps, queues, redis, prefix, afterCommit, observer });
  const maintenance = createMaintenance(deps, observer, retentionDays, anonymousRetentionDays);
  const transport = options.smtpUrl ? createTransport(options.smtpUrl) : undefined;
  const delivery: DeliveryOptions = {
    webhookTimeoutMs: options.webhookTimeoutMs,
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
  const handlers = createHandlers({
    deps,
    afterCommit,
    observer,
    reconcile,
    maintenance,
    retentionDays,
    anonymousRetentionDays,
    delivery,
    deliveryBackoffMs,
  });
  const schedules = createSchedules({
    queues,
    redis,
    prefix,
    reconcile,
    logger,
    reconcileEveryMs: options.reconcileEveryMs ?? 30_000,
    sweepEveryMs: options.sweepEveryMs ?? 300_000,
    retentionDays,
    anonymousRetentionDays,
  });
  const workers: Worker[] = [];
  const workerConnection = bullConnection(options.redisUrl);
  const holders = createHolders(redis, prefix, MAX_STALLED_COUNT);

  return {
    deps,
    queues,
    reconcile,
    retention: maintenance.retention,
    anonymousRetention: maintenance.anonymousRetention,
    sweep: maintenance.sweep,
    /** Starts the workers and the schedules, after a full reconcile (the boot pass). */
    async start(): Promise<void> {
      await reconcile(true);
      const concurrency = options.concurrency ?? 8;
      const lockDuration = options.lockDurationMs ?? DEFAULT_LOCK_MS;
      const { connection } = workerConnection;
      const common = {
        connection,
        prefix,
        lockDuration,
        stalledInterval: Math.max(500, Math.round(lockDuration / 2)),
        maxStalledCount: MAX_STALLED_COUNT,
      };
      workers.push(
        new Worker<EventJob>(QUEUE_NAMES.events, handlers.event, { ...common, concurrency }),
        new Worker<WaitJob>(QUEUE_NAMES.waits, handlers.wait, { ...common, concurrency }),
        new Worker<DeliveryJob>(QUEUE_NAMES.deliveries, handlers.delivery, { ...common, concurrency }),
        new Worker<MaintenanceJob>(QUEUE_NAMES.maintenance, handlers.maintenance, {
          ...common,
          concurrency: 1,
        }),
      );
      for (const worker of workers) {
        worker.on('failed', (job, err) =>
          // The job's data names what failed (eventId, waitId, outboxId), so its line ties to the others.
          logger?.warn(
            {
              queue: worker.name,
              jobId: job?.id,
              ...job?.data,
              attempts: job?.attemptsMade,
              err: err.message,
            },
            'job failed',
          ),
        );
        worker.on('error', (err) => logger?.error({ queue: worker.name, err: err.message }, 'worker error'));
      }
      await holders.register(workers.map((w) => w.id));
      // A process of this host that died left its jobs locked: they go back to the head of their queues.
      let takenOver = 0;
      for (const queue of [queues.events, queues.waits, queues.deliveries, queues.maintenance])
        takenOver += await holders.takeOver(queue);
      if (takenOver > 0) logger?.info({ jobs: takenOver }, 'took up the jobs of a worker that died');
      await schedules.start();
      await Promise.all(workers.map((w) => w.waitUntilReady()));
    },
    /** Stops taking jobs and waits for those in flight to finish (SIGTERM drains). */
    async close(): Promise<void> {
      schedules.stop();
      await Promise.all(workers.map((w) => w.close()));
      await queues.close();
      await workerConnection.close();
      transport?.close();
      await holders.unregister().catch(() => undefined);
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

export type Runtime = ReturnType<typeof createRuntime>;
