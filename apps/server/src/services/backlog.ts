import type { Store } from '@scoreflow/store';

/**
 * A wait is overdue once it is this far past its due time and still pending: the reconciler runs every
 * 30 s by default, so a wait a few seconds late is normal, one a minute late is not being fired.
 */
export const WAIT_OVERDUE_AFTER_MS = 60_000;

/** What SQLite (the system of record) says is still to do; every query runs on an index. */
export interface Backlog {
  events: { pending: number; oldestReceivedAt: number | null };
  waits: { pending: number; overdue: number };
  /** Deliveries not yet made, per kind; `retrying` have failed at least once. */
  deliveries: { kind: string; pending: number; retrying: number; oldestCreatedAt: number | null }[];
}

export function readBacklog(store: Store, now = store.now()): Backlog {
  const { db } = store;
  const events = db
    .prepare(`SELECT count(*) AS pending, min(received_at) AS oldest FROM events WHERE status = 'pending'`)
    .get() as { pending: number; oldest: number | null };
  const waits = db
    .prepare(
      `SELECT count(*) AS pending, coalesce(sum(due_at < ?), 0) AS overdue
         FROM waits WHERE status = 'pending'`,
    )
    .get(now - WAIT_OVERDUE_AFTER_MS) as { pending: number; overdue: number };
  const deliveries = db
    .prepare(
      `SELECT kind, count(*) AS pending, coalesce(sum(attempts > 0), 0) AS retrying, min(created_at) AS oldest
         FROM outbox WHERE status = 'pending' GROUP BY kind ORDER BY kind`,
    )
    .all() as { kind: string; pending: number; retrying: number; oldest: number | null }[];
  return {
    events: { pending: events.pending, oldestReceivedAt: events.oldest },
    waits,
    deliveries: deliveries.map((d) => ({
      kind: d.kind,
      pending: d.pending,
      retrying: d.retrying,
      oldestCreatedAt: d.oldest,
    })),
  };
}
