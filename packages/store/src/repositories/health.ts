import type { LegacyRepositoryContext } from './context.js';

/** What the database (the system of record) says is still to do; every query runs on an index. */
export interface Backlog {
  events: { pending: number; oldestReceivedAt: number | null };
  waits: { pending: number; overdue: number };
  /** Deliveries not yet made, per kind; `retrying` have failed at least once. */
  deliveries: { kind: string; pending: number; retrying: number; oldestCreatedAt: number | null }[];
}

/** Events per minute-bucket counted from `start` (bucket 0 is the minute that starts at `start`). */
export interface MinuteCount {
  bucket: number;
  n: number;
}

/**
 * The counts behind the health page and the metrics: backlog, event flow and delivery problems.
 * Read-only; each query is bounded by a time window on an indexed column.
 */
export interface HealthRepository {
  /** Pending events, waits (overdue: due before `overdueBefore`) and deliveries per kind. */
  backlog(overdueBefore: number): Backlog;
  /** Events received per minute since `start` (minutes of `minuteMs`). */
  receivedPerMinute(start: number, minuteMs: number): MinuteCount[];
  /** Events processed or failed per minute since `start`, among those received since `receivedSince`. */
  processedPerMinute(start: number, minuteMs: number, receivedSince: number): MinuteCount[];
  /**
   * Average receipt-to-commit time of events committed since `latencySince`, and failures since
   * `failedSince`, among events received since `receivedSince`.
   */
  recentProcessing(window: { latencySince: number; failedSince: number; receivedSince: number }): {
    latency: number | null;
    failed: number;
  };
  /** Failed deliveries per kind created since `since`. */
  failedDeliveries(since: number): { kind: string; n: number }[];
  /** The newest error of an undelivered row of `kind` created since `since`. */
  lastDeliveryError(
    kind: string,
    since: number,
  ): { message: string; runId: string | null; createdAt: number } | undefined;
  /** The database file (null in memory), for the disk figures. */
  file(): string | null;
  /** Throws unless the database answers a query (readiness). */
  ping(): void;
}

export function createHealthRepository({ db }: LegacyRepositoryContext): HealthRepository {
  const pendingEvents = db.prepare(
    `SELECT count(*) AS pending, min(received_at) AS oldest FROM events WHERE status = 'pending'`,
  );
  const pendingWaits = db.prepare<[number]>(
    `SELECT count(*) AS pending, coalesce(sum(due_at < ?), 0) AS overdue FROM waits WHERE status = 'pending'`,
  );
  const pendingDeliveries = db.prepare(
    `SELECT kind, count(*) AS pending, coalesce(sum(attempts > 0), 0) AS retrying, min(created_at) AS oldest
       FROM outbox WHERE status = 'pending' GROUP BY kind ORDER BY kind`,
  );
  // better-sqlite3 binds JS numbers as REAL: the cast keeps the bucket a whole minute index.
  const received = db.prepare(
    `SELECT CAST((received_at - @start) / @minute AS INTEGER) AS bucket, count(*) AS n FROM events
      WHERE status IN ('pending', 'processed', 'failed') AND received_at >= @start GROUP BY bucket`,
  );
  const processed = db.prepare(
    `SELECT CAST((processed_at - @start) / @minute AS INTEGER) AS bucket, count(*) AS n FROM events
      WHERE status IN ('processed', 'failed') AND received_at >= @since AND processed_at >= @start
      GROUP BY bucket`,
  );
  const recent = db.prepare(
    `SELECT avg(CASE WHEN processed_at >= @recent THEN processed_at - received_at END) AS latency,
            coalesce(sum(status = 'failed' AND processed_at >= @failed), 0) AS failed
       FROM events
      WHERE status IN ('processed', 'failed') AND received_at >= @since AND processed_at >= @failed`,
  );
  const failed = db.prepare<[number]>(
    `SELECT kind, count(*) AS n FROM outbox WHERE status = 'failed' AND created_at >= ? GROUP BY kind`,
  );
  const lastError = db.prepare<[string, number]>(
    `SELECT last_error AS message, run_id AS runId, created_at AS createdAt FROM outbox
      WHERE kind = ? AND status IN ('pending', 'failed') AND last_error IS NOT NULL AND created_at >= ?
      ORDER BY created_at DESC, rowid DESC LIMIT 1`,
  );
  type Pending = { kind: string; pending: number; retrying: number; oldest: number | null };
  return {
    backlog(overdueBefore) {
      const events = pendingEvents.get() as { pending: number; oldest: number | null };
      const waits = pendingWaits.get(overdueBefore) as { pending: number; overdue: number };
      const deliveries = pendingDeliveries.all() as Pending[];
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
    },
    receivedPerMinute: (start, minute) => received.all({ start, minute }) as MinuteCount[],
    processedPerMinute: (start, minute, since) => processed.all({ start, minute, since }) as MinuteCount[],
    recentProcessing: (w) =>
      recent.get({ recent: w.latencySince, failed: w.failedSince, since: w.receivedSince }) as {
        latency: number | null;
        failed: number;
      },
    failedDeliveries: (since) => failed.all(since) as { kind: string; n: number }[],
    lastDeliveryError: (kind, since) =>
      lastError.get(kind, since) as { message: string; runId: string | null; createdAt: number } | undefined,
    file: () => (db.name && db.name !== ':memory:' ? db.name : null),
    ping: () => void db.prepare('SELECT 1').get(),
  };
}
