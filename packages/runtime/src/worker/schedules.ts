import type { Cluster, Redis } from 'ioredis';
import type { Log } from '../log.js';
import type { Queues } from '../queues.js';
import { type Reconcile, sentinelKey } from './reconciler.js';

export interface ScheduleOptions {
  queues: Queues;
  redis: Redis | Cluster;
  prefix: string;
  reconcile: Reconcile;
  logger?: Log | undefined;
  /** How often the reconciler and the sweep run (ms); 0 disables them. */
  reconcileEveryMs: number;
  sweepEveryMs: number;
  retentionDays: number;
  anonymousRetentionDays: number;
}

/**
 * The maintenance schedules (BullMQ job schedulers in Redis) and the local watchdog that rebuilds them
 * when Redis loses its data.
 */
export function createSchedules(options: ScheduleOptions) {
  const { queues, reconcileEveryMs, sweepEveryMs } = options;
  let watchdog: NodeJS.Timeout | undefined;

  /** Stable scheduler ids: however many worker processes start, each schedule exists once. */
  async function upsert(): Promise<void> {
    if (reconcileEveryMs > 0) {
      await queues.maintenance.upsertJobScheduler(
        'reconcile',
        { every: reconcileEveryMs },
        { name: 'reconcile', data: { kind: 'reconcile' } },
      );
    }
    if ((options.retentionDays || options.anonymousRetentionDays) && sweepEveryMs > 0) {
      await queues.maintenance.upsertJobScheduler(
        'retention',
        { every: 6 * 3_600_000 },
        { name: 'retention', data: { kind: 'retention' } },
      );
    }
    if (sweepEveryMs > 0) {
      await queues.maintenance.upsertJobScheduler(
        'sweep',
        { every: sweepEveryMs },
        { name: 'sweep', data: { kind: 'sweep' } },
      );
    }
  }

  return {
    async start(): Promise<void> {
      await upsert();
      if (reconcileEveryMs <= 0) return;
      // The schedules live in Redis: a FLUSHALL or a restart without persistence takes them along, and
      // no reconcile job would ever run again. A local timer notices the missing sentinel and rebuilds both.
      watchdog = setInterval(() => {
        void (async () => {
          if ((await options.redis.exists(sentinelKey(options.prefix))) !== 0) return;
          options.logger?.warn(
            { prefix: options.prefix },
            'Redis lost its data: rebuilding the queues and schedules',
          );
          await options.reconcile(true);
          await upsert();
        })().catch((err: Error) =>
          options.logger?.warn({ err: err.message }, 'rebuilding after data loss failed'),
        );
      }, reconcileEveryMs);
      watchdog.unref();
    },
    stop(): void {
      clearInterval(watchdog);
    },
  };
}
