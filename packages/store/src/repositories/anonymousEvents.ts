import { fromJson, toIso, toJson } from '../codec.js';
import type { LegacyRepositoryContext } from './context.js';

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
  insert(event: NewAnonymousEvent, options?: { perVisitor?: number }): 'inserted' | 'duplicate';
  /** Whether an event with this id waits here. */
  has(id: string): boolean;
  /** The visitor's events, oldest first. */
  listForVisitor(anonymousId: string): AnonymousEventRecord[];
  /** Removes the visitor's events and returns them, oldest first: they become a contact's events. */
  take(anonymousId: string): AnonymousEventRecord[];
  /** Deletes events that occurred before the cutoff, in short batches; returns how many. */
  pruneBefore(cutoffMs: number, batch?: number): number;
}

interface AnonymousEventRow {
  id: string;
  anonymous_id: string;
  type: string;
  payload: string;
  occurred_at: number;
  received_at: number;
}

const toRecord = (row: AnonymousEventRow): AnonymousEventRecord => ({
  id: row.id,
  anonymousId: row.anonymous_id,
  type: row.type,
  payload: fromJson(row.payload),
  occurredAt: toIso(row.occurred_at),
  receivedAt: toIso(row.received_at),
});

export function createAnonymousEventsRepository({ db, now }: LegacyRepositoryContext): AnonymousEventsRepository {
  const isKnownEvent = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM events WHERE id = ?');
  const selectOne = db.prepare<[string], { one: number }>(
    'SELECT 1 AS one FROM anonymous_events WHERE id = ?',
  );
  const insert = db.prepare(
    `INSERT INTO anonymous_events (id, anonymous_id, type, payload, occurred_at, received_at)
     VALUES (@id, @anonymousId, @type, @payload, @occurredAt, @receivedAt)
     ON CONFLICT (id) DO NOTHING`,
  );
  const trim = db.prepare<[string, number]>(
    `DELETE FROM anonymous_events WHERE rowid IN (
       SELECT rowid FROM anonymous_events WHERE anonymous_id = ?
       ORDER BY occurred_at DESC, rowid DESC LIMIT -1 OFFSET ?)`,
  );
  const selectForVisitor = db.prepare<[string], AnonymousEventRow>(
    'SELECT * FROM anonymous_events WHERE anonymous_id = ? ORDER BY occurred_at, rowid',
  );
  const deleteForVisitor = db.prepare<[string]>('DELETE FROM anonymous_events WHERE anonymous_id = ?');
  const deleteOld = db.prepare<[number, number]>(
    `DELETE FROM anonymous_events WHERE rowid IN (
       SELECT rowid FROM anonymous_events WHERE occurred_at < ? LIMIT ?)`,
  );

  return {
    insert(event, { perVisitor = ANONYMOUS_EVENTS_PER_VISITOR } = {}) {
      if (isKnownEvent.get(event.id)) return 'duplicate';
      const receivedAt = now();
      const { changes } = insert.run({
        id: event.id,
        anonymousId: event.anonymousId,
        type: event.type,
        payload: toJson(event.payload),
        occurredAt: event.occurredAt ?? receivedAt,
        receivedAt,
      });
      if (changes === 0) return 'duplicate';
      trim.run(event.anonymousId, perVisitor);
      return 'inserted';
    },
    has: (id) => selectOne.get(id) !== undefined,
    listForVisitor: (anonymousId) => selectForVisitor.all(anonymousId).map(toRecord),
    take(anonymousId) {
      const rows = selectForVisitor.all(anonymousId);
      if (rows.length > 0) deleteForVisitor.run(anonymousId);
      return rows.map(toRecord);
    },
    pruneBefore(cutoffMs, batch = 5_000) {
      // Batches keep each write transaction short, so workers are never blocked for long.
      let total = 0;
      for (;;) {
        const { changes } = db.transaction(() => deleteOld.run(cutoffMs, batch)).immediate();
        total += changes;
        if (changes < batch) return total;
      }
    },
  };
}
