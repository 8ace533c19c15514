import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { AfterCommitHandoff } from '../afterCommit.js';
import { DeliveryError, type DeliveryOptions, deliver, recordDeliveryFailure } from '../delivery/index.js';
import type { RuntimeObserver } from '../observer.js';
import { failEvent, type ProcessingDeps, processEvent, processWait } from '../processing/index.js';
import {
  type DeliveryJob,
  type EventJob,
  type MaintenanceJob,
  QUEUE_NAMES,
  type WaitJob,
} from '../queues.js';
import { createCommitGroups } from './commitGroups.js';
import type { Maintenance } from './maintenance.js';
import type { Reconcile } from './reconciler.js';

/**
 * Database errors a retry may get past. SQLite: the database busy or locked by another writer, I/O, a
 * full disk, memory. PostgreSQL (SQLSTATE): a connection lost or refused (class 08), a deadlock or
 * serialization failure the store's own reruns did not get past (40), insufficient resources (53), the
 * server shutting down or starting up (57P01-57P03), a lock or statement timeout (55P03, 57014), an
 * idle transaction ended by the server (25P03); and the network errors of a broken connection. Anything
 * else processing throws comes from the event's data or from the code, and a retry would run the same
 * way again.
 */
const TRANSIENT_CODE =
  /^(SQLITE_(BUSY|LOCKED|IOERR|FULL|NOMEM|PROTOCOL|CANTOPEN)|08...$|40...$|53...$|57P0[123]$|55P03$|57014$|25P03$|ECONNREFUSED$|ECONNRESET$|ETIMEDOUT$|EPIPE$)/;
/** The PostgreSQL driver's errors for a connection that ended or could not be had carry no code. */
const LOST_CONNECTION = /^(Connection terminated|timeout exceeded when trying to connect)/;
const isTransient = (err: unknown): boolean => {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return TRANSIENT_CODE.test(code);
  return err instanceof Error && LOST_CONNECTION.test(err.message);
};

export interface HandlerOptions {
  deps: ProcessingDeps;
  afterCommit: AfterCommitHandoff;
  observer: RuntimeObserver;
  reconcile: Reconcile;
  maintenance: Maintenance;
  retentionDays: number;
  anonymousRetentionDays: number;
  delivery: DeliveryOptions;
  deliveryBackoffMs: number;
}

/** What each queue's worker does with one job. */
export function createHandlers(options: HandlerOptions) {
  const { deps, afterCommit, observer } = options;

  const inGroup = createCommitGroups(deps.store);

  /**
   * Runs a job's store transaction, sharing its commit with the other jobs in flight where the store
   * gains by it (see commitGroups.ts), and tells the observer how long the job's own work took.
   */
  function transaction<T>(queue: string, fn: () => Promise<T>): Promise<T> {
    return inGroup(async () => {
      const started = performance.now();
      try {
        return await fn();
      } finally {
        observer.transaction(queue, performance.now() - started);
      }
    });
  }

  const sinceReceived = (receivedAtMs: number | undefined) =>
    receivedAtMs === undefined ? 0 : Math.max(0, deps.now() - receivedAtMs);

  async function event(job: Job<EventJob>): Promise<string> {
    const { eventId } = job.data;
    let outcome: Awaited<ReturnType<typeof processEvent>>;
    try {
      outcome = await transaction(QUEUE_NAMES.events, () => processEvent(deps, eventId));
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const attempts = job.opts.attempts ?? 1;
      const finalAttempt = job.attemptsMade + 1 >= attempts;
      // Bad data (two contacts claiming one identity, a timestamp no date can hold) will not get better
      // by retrying: the event fails for good now, with its reason, and the events behind it go on. If
      // even that write fails, the error below is retried and the reconciler catches a job that gave up.
      const permanent = !isTransient(err);
      if (permanent) await failEvent(deps, eventId, reason);
      else if (finalAttempt) await failEvent(deps, eventId, `gave up after ${attempts} attempts: ${reason}`);
      if (permanent || finalAttempt) {
        const receivedAt = (await deps.store.events.get(eventId))?.receivedAt;
        observer.eventProcessed('failed', sinceReceived(receivedAt ? Date.parse(receivedAt) : undefined));
      }
      if (permanent) throw new UnrecoverableError(reason);
      throw err;
    }
    observer.eventProcessed(outcome.status, sinceReceived(outcome.receivedAtMs));
    if (outcome.status === 'processed') await afterCommit(outcome.afterCommit);
    return outcome.status;
  }

  async function wait(job: Job<WaitJob>, token?: string): Promise<string> {
    const outcome = await transaction(QUEUE_NAMES.waits, () => processWait(deps, job.data.waitId));
    if (outcome.status === 'early') {
      // Queue delays are relative to the runtime's clock, so a test clock and real Redis agree.
      await job.moveToDelayed(Date.now() + Math.max(0, outcome.dueAtMs - deps.now()), token);
      throw new DelayedError();
    }
    if (outcome.status === 'resumed') await afterCommit(outcome.afterCommit);
    return outcome.status;
  }

  async function delivery(job: Job<DeliveryJob>): Promise<string> {
    const { outboxId } = job.data;
    try {
      const outcome = await deliver(deps, outboxId, options.delivery);
      if (outcome.status === 'delivered') observer.delivery(outcome.kind, 'sent');
      // Failures are logged by the worker with the job's data; this is the line of the other ending.
      deps.logger?.info({ outboxId, kind: outcome.kind, status: outcome.status }, 'delivery ended');
      return outcome.status;
    } catch (err) {
      // A permanent failure (blocked target, template error) fails the step now, not after every backoff.
      const permanent = err instanceof DeliveryError && err.permanent;
      const final = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const message = err instanceof DeliveryError ? err.message : String(err);
      const retryAt = final ? undefined : deps.now() + options.deliveryBackoffMs * 2 ** job.attemptsMade;
      const row = await recordDeliveryFailure(deps, outboxId, message, final, retryAt);
      if (row) observer.delivery(row.kind, final ? 'failed' : 'retried');
      throw permanent ? new UnrecoverableError(message) : err;
    }
  }

  async function maintenance(job: Job<MaintenanceJob>): Promise<unknown> {
    switch (job.data.kind) {
      case 'reconcile':
        return options.reconcile();
      case 'retention': {
        // Anonymous events have a retention of their own, which runs even when the rest is kept.
        const anonymousEvents = options.anonymousRetentionDays
          ? await options.maintenance.anonymousRetention()
          : 0;
        const rest = options.retentionDays
          ? await options.maintenance.retention()
          : { skipped: 'retention is off' };
        return { ...rest, anonymousEvents };
      }
      case 'sweep':
        return options.maintenance.sweep();
    }
  }

  return { event, wait, delivery, maintenance };
}
