import { NO_OBSERVER, type RuntimeObserver } from './observer.js';
import type { AfterCommit } from './processing/index.js';
import type { Queues } from './queues.js';

export interface AfterCommitOptions {
  queues: Queues;
  /** The runtime's clock; queue delays are relative to it, so a test clock and real Redis agree. */
  now: () => number;
  deliveryAttempts?: number | undefined;
  deliveryBackoffMs?: number | undefined;
  /** Told about the runs each committed job started and ended. */
  observer?: RuntimeObserver;
}

/**
 * Hands the work a committed transaction produced to Redis: waits become delayed jobs whose id is the
 * wait id, outbox rows become delivery jobs whose id is the row id (so adding one twice is a no-op).
 */
export function createAfterCommit(options: AfterCommitOptions) {
  const { queues } = options;
  const observer = options.observer ?? NO_OBSERVER;
  const attempts = options.deliveryAttempts ?? 8;
  const backoffMs = options.deliveryBackoffMs ?? 2_000;
  const delayUntil = (dueAtMs: number) => Math.max(0, dueAtMs - options.now());

  return async function afterCommit(work: AfterCommit): Promise<void> {
    for (const [flowId, tally] of Object.entries(work.runs ?? {})) {
      for (const change of ['started', 'completed', 'failed'] as const) {
        if (tally[change] > 0) observer.runsChanged(flowId, change, tally[change]);
      }
    }
    if (work.waits.length > 0) {
      await queues.waits.addBulk(
        work.waits.map((w) => ({
          name: 'wait',
          data: { waitId: w.id },
          opts: { jobId: w.id, delay: delayUntil(w.dueAtMs) },
        })),
      );
    }
    if (work.outbox.length > 0) {
      // A row retried by support still has its failed job under the same id; it must go first or the
      // new job would be ignored as a duplicate.
      for (const id of work.outbox) {
        const old = await queues.deliveries.getJob(id);
        if (old && (await old.isFailed())) await old.remove();
      }
      await queues.deliveries.addBulk(
        work.outbox.map((outboxId) => ({
          name: 'deliver',
          data: { outboxId },
          opts: { jobId: outboxId, attempts, backoff: { type: 'exponential', delay: backoffMs } },
        })),
      );
    }
  };
}

export type AfterCommitHandoff = ReturnType<typeof createAfterCommit>;
