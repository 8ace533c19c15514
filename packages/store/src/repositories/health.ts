import { type NotNull, sql } from 'kysely';
import type { RepositoryContext } from './context.js';

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
  backlog(overdueBefore: number): Promise<Backlog>;
  /** Events received per minute since `start` (minutes of `minuteMs`). */
  receivedPerMinute(start: number, minuteMs: number): Promise<MinuteCount[]>;
  /** Events processed or failed per minute since `start`, among those received since `receivedSince`. */
  processedPerMinute(start: number, minuteMs: number, receivedSince: number): Promise<MinuteCount[]>;
  /**
   * Average receipt-to-commit time of events committed since `latencySince`, and failures since
   * `failedSince`, among events received since `receivedSince`.
   */
  recentProcessing(window: { latencySince: number; failedSince: number; receivedSince: number }): Promise<{
    latency: number | null;
    failed: number;
  }>;
  /** Failed deliveries per kind created since `since`. */
  failedDeliveries(since: number): Promise<{ kind: string; n: number }[]>;
  /** The newest error of an undelivered row of `kind` created since `since`. */
  lastDeliveryError(
    kind: string,
    since: number,
  ): Promise<{ message: string; runId: string | null; createdAt: number } | undefined>;
  /** The SQLite database file (null in memory and on PostgreSQL), for the disk figures. */
  file(): Promise<string | null>;
  /** Throws unless the database answers a query (readiness). */
  ping(): Promise<void>;
}

export function createHealthRepository({ db, dialect }: RepositoryContext): HealthRepository {
  // The minute index of a time from `start`. better-sqlite3 binds JS numbers as REAL: the cast keeps the
  // bucket a whole minute index (PostgreSQL divides the integers already).
  const bucket = (column: 'received_at' | 'processed_at', start: number, minute: number) =>
    sql<number>`CAST((${sql.ref(column)} - ${start}) / ${minute} AS INTEGER)`.as('bucket');

  return {
    async backlog(overdueBefore) {
      const events = await db()
        .selectFrom('events')
        .select((eb) => [eb.fn.countAll<number>().as('pending'), eb.fn.min('received_at').as('oldest')])
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      const waits = await db()
        .selectFrom('waits')
        .select((eb) => [
          eb.fn.countAll<number>().as('pending'),
          eb.fn.countAll<number>().filterWhere('due_at', '<', overdueBefore).as('overdue'),
        ])
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      const deliveries = await db()
        .selectFrom('outbox')
        .select((eb) => [
          'kind',
          eb.fn.countAll<number>().as('pending'),
          eb.fn.countAll<number>().filterWhere('attempts', '>', 0).as('retrying'),
          eb.fn.min('created_at').as('oldest'),
        ])
        .where('status', '=', 'pending')
        .groupBy('kind')
        .orderBy('kind')
        .execute();
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
    receivedPerMinute: (start, minute) =>
      db()
        .selectFrom('events')
        .select((eb) => [bucket('received_at', start, minute), eb.fn.countAll<number>().as('n')])
        .where('status', 'in', ['pending', 'processed', 'failed'])
        .where('received_at', '>=', start)
        .groupBy('bucket')
        .execute(),
    processedPerMinute: (start, minute, since) =>
      db()
        .selectFrom('events')
        .select((eb) => [bucket('processed_at', start, minute), eb.fn.countAll<number>().as('n')])
        .where('status', 'in', ['processed', 'failed'])
        .where('received_at', '>=', since)
        .where('processed_at', '>=', start)
        .groupBy('bucket')
        .execute(),
    recentProcessing: (w) =>
      db()
        .selectFrom('events')
        .select((eb) => [
          eb.fn
            .avg<number | null>(
              eb
                .case()
                .when('processed_at', '>=', w.latencySince)
                .then(eb('processed_at', '-', eb.ref('received_at')))
                .end(),
            )
            .as('latency'),
          eb.fn
            .countAll<number>()
            .filterWhere((eb) =>
              eb.and([eb('status', '=', 'failed'), eb('processed_at', '>=', w.failedSince)]),
            )
            .as('failed'),
        ])
        .where('status', 'in', ['processed', 'failed'])
        .where('received_at', '>=', w.receivedSince)
        .where('processed_at', '>=', w.failedSince)
        .executeTakeFirstOrThrow(),
    failedDeliveries: (since) =>
      db()
        .selectFrom('outbox')
        .select((eb) => ['kind', eb.fn.countAll<number>().as('n')])
        .where('status', '=', 'failed')
        .where('created_at', '>=', since)
        .groupBy('kind')
        .execute(),
    async lastDeliveryError(kind, since) {
      const row = await db()
        .selectFrom('outbox')
        .select(['last_error', 'run_id', 'created_at'])
        .where('kind', '=', kind)
        .where('status', 'in', ['pending', 'failed'])
        .where('last_error', 'is not', null)
        .where('created_at', '>=', since)
        .orderBy('created_at', 'desc')
        .orderBy('rowid', 'desc')
        .limit(1)
        .$narrowType<{ last_error: NotNull }>()
        .executeTakeFirst();
      return row && { message: row.last_error, runId: row.run_id, createdAt: row.created_at };
    },
    async file() {
      if (dialect !== 'sqlite') return null;
      const { rows } = await sql<{
        file: string;
      }>`SELECT file FROM pragma_database_list WHERE name = 'main'`.execute(db());
      const file = rows[0]?.file;
      return file ? file : null;
    },
    async ping() {
      await sql`SELECT 1`.execute(db());
    },
  };
}
