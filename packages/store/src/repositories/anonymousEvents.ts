import type { Selectable } from 'kysely';
import { batches } from '../batches.js';
import { fromJson, toIso, toJson } from '../codec.js';
import { prepareByCount } from '../prepared.js';
import type { AnonymousEvents } from '../schema.js';
import type { RepositoryContext } from './context.js';

/**
 * How many events of one visitor are kept: the newest. Enough for weeks of page views of a real
 * visitor, while a bot that never identifies cannot grow the table without bound.
 */
export const ANONYMOUS_EVENTS_PER_VISITOR = 500;

export interface AnonymousEventRecord {
  id: string;
  anonymousId: string;
  type: string;
  payload: unknown;
  occurredAt: string;
  receivedAt: string;
}

export interface NewAnonymousEvent {
  /** The event's unique id, shared with the contacts' events: one id is one event wherever it is. */
  id: string;
  anonymousId: string;
  type: string;
  payload?: unknown;
  /** When it happened (epoch ms); defaults to now. */
  occurredAt?: number | undefined;
}

/** Events of visitors not known yet, kept until a call names the visitor (see `take`). */
export interface AnonymousEventsRepository {
  /**
   * Stores the event unless its id was stored before, here or among the contacts' events (a call
   * replayed after its visitor was identified is a duplicate too), then keeps only the visitor's newest
   * `perVisitor` events.
   */
  insert(event: NewAnonymousEvent, options?: { perVisitor?: number }): Promise<'inserted' | 'duplicate'>;
  /** Whether an event with this id waits here. */
  has(id: string): Promise<boolean>;
  /** Which of `ids` wait here, in a few statements. */
  existing(ids: readonly string[]): Promise<Set<string>>;
  /** The visitor's events, oldest first. */
  listForVisitor(anonymousId: string): Promise<AnonymousEventRecord[]>;
  /** Removes the visitor's events and returns them, oldest first: they become a contact's events. */
  take(anonymousId: string): Promise<AnonymousEventRecord[]>;
  /** Deletes events that occurred before the cutoff, in short batches; returns how many. */
  pruneBefore(cutoffMs: number, batch?: number): Promise<number>;
}

type AnonymousEventRow = Omit<Selectable<AnonymousEvents>, 'rowid'>;

const toRecord = (row: AnonymousEventRow): AnonymousEventRecord => ({
  id: row.id,
  anonymousId: row.anonymous_id,
  type: row.type,
  payload: fromJson(row.payload),
  occurredAt: toIso(row.occurred_at),
  receivedAt: toIso(row.received_at),
});

/** Ids per `IN (...)` of `existing`. */
const EXISTING_IDS = 100;

export function createAnonymousEventsRepository(ctx: RepositoryContext): AnonymousEventsRepository {
  const { db, dialect, now } = ctx;
  const selectForVisitor = (anonymousId: string) =>
    db()
      .selectFrom('anonymous_events')
      .select(['id', 'anonymous_id', 'type', 'payload', 'occurred_at', 'received_at'])
      .where('anonymous_id', '=', anonymousId)
      .orderBy('occurred_at')
      .orderBy('rowid')
      .execute();

  /** Deletes the visitor's events past the newest `keep`. */
  const trim = (anonymousId: string, keep: number) =>
    db()
      .deleteFrom('anonymous_events')
      .where('rowid', 'in', (eb) =>
        eb
          .selectFrom('anonymous_events')
          .select('rowid')
          .where('anonymous_id', '=', anonymousId)
          .orderBy('occurred_at', 'desc')
          .orderBy('rowid', 'desc')
          // SQLite takes an OFFSET only after a LIMIT; -1 is "no limit" there.
          .$if(dialect === 'sqlite', (qb) => qb.limit(-1))
          .offset(keep),
      )
      .execute();

  const existingOf = prepareByCount(ctx, (db, p: Record<string, string>, count) =>
    db
      .selectFrom('anonymous_events')
      .select('id')
      .where(
        'id',
        'in',
        Array.from({ length: count }, (_, i) => p[`id${i}`] as string),
      ),
  );

  return {
    async insert(event, { perVisitor = ANONYMOUS_EVENTS_PER_VISITOR } = {}) {
      const known = await db()
        .selectFrom('events')
        .select('id')
        .where('id', '=', event.id)
        .executeTakeFirst();
      if (known) return 'duplicate';
      const receivedAt = now();
      const result = await db()
        .insertInto('anonymous_events')
        .values({
          id: event.id,
          anonymous_id: event.anonymousId,
          type: event.type,
          payload: toJson(event.payload),
          occurred_at: event.occurredAt ?? receivedAt,
          received_at: receivedAt,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirstOrThrow();
      if ((result.numInsertedOrUpdatedRows ?? 0n) === 0n) return 'duplicate';
      await trim(event.anonymousId, perVisitor);
      return 'inserted';
    },
    async existing(ids) {
      const found = new Set<string>();
      for (const slice of batches(ids, EXISTING_IDS)) {
        const values = Object.fromEntries(slice.map((id, i) => [`id${i}`, id]));
        for (const row of await existingOf(slice.length).rows(values)) found.add(row.id);
      }
      return found;
    },
    async has(id) {
      const row = await db()
        .selectFrom('anonymous_events')
        .select('id')
        .where('id', '=', id)
        .executeTakeFirst();
      return row !== undefined;
    },
    listForVisitor: async (anonymousId) => (await selectForVisitor(anonymousId)).map(toRecord),
    async take(anonymousId) {
      // One statement: the rows come back from the delete, in no particular order, so they are sorted
      // here as the visitor's list is (by occurrence, then arrival).
      const rows = await db()
        .deleteFrom('anonymous_events')
        .where('anonymous_id', '=', anonymousId)
        .returning(['id', 'anonymous_id', 'type', 'payload', 'occurred_at', 'received_at', 'rowid'])
        .execute();
      rows.sort((a, b) => a.occurred_at - b.occurred_at || a.rowid - b.rowid);
      return rows.map(toRecord);
    },
    async pruneBefore(cutoffMs, batch = 5_000) {
      // Batches keep each write short, so workers are never blocked for long.
      let total = 0;
      for (;;) {
        const result = await db()
          .deleteFrom('anonymous_events')
          .where('rowid', 'in', (eb) =>
            eb
              .selectFrom('anonymous_events')
              .select('rowid')
              .where('occurred_at', '<', cutoffMs)
              .limit(batch),
          )
          .executeTakeFirstOrThrow();
        const deleted = Number(result.numDeletedRows);
        total += deleted;
        if (deleted < batch) return total;
      }
    },
  };
}
