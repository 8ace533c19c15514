import { randomUUID } from 'node:crypto';
import { toIso, toIsoOrNull } from '../codec.js';
import { StoreError } from '../errors.js';
import type { LegacyRepositoryContext } from './context.js';

export type WaitKind = 'delay' | 'event';
export type WaitStatus = 'pending' | 'fired' | 'cancelled';

/** A run parked on a wait node until `dueAt` (a delay, or an event wait's timeout) or a matching event. */
export interface WaitRecord {
  id: string;
  runId: string;
  contactId: string;
  nodeId: string;
  kind: WaitKind;
  /** The awaited event type (event waits only). */
  eventType: string | null;
  dueAt: string;
  /** `dueAt` in epoch ms, to compare with the clock and to compute a queue delay. */
  dueAtMs: number;
  status: WaitStatus;
  createdAt: string;
  firedAt: string | null;
  /** The event that resumed an event wait; null when it fired on its due time. */
  firedEventId: string | null;
}

export type NewWait = {
  id?: string;
  runId: string;
  nodeId: string;
  /** Epoch ms. */
  dueAt: number;
} & ({ kind: 'delay' } | { kind: 'event'; eventType: string });

export interface WaitsRepository {
  /** Creates a pending wait for the run (the contact is taken from the run). */
  create(wait: NewWait): WaitRecord;
  get(id: string): WaitRecord | undefined;
  /**
   * Marks a pending wait fired; false when it already fired or was cancelled, so the caller that gets
   * true is the only one that resumes the run.
   */
  fire(id: string, options?: { eventId?: string; atMs?: number }): boolean;
  /** Moves a pending wait's due time (support fast-forwards it); false when it was no longer pending. */
  reschedule(id: string, dueAtMs: number): boolean;
  /** Cancels a pending wait; false when it was no longer pending. */
  cancel(id: string): boolean;
  /** Cancels every pending wait of the run (it exited or was cancelled); returns how many. */
  cancelForRun(runId: string): number;
  /** Pending waits due at or before `nowMs`, earliest first. */
  listDue(nowMs: number, limit?: number): WaitRecord[];
  /** Every pending wait, earliest due first (the reconciler re-schedules them). */
  listPending(limit?: number): WaitRecord[];
  /** Pending event waits for `eventType`, of one contact or of all when `contactId` is undefined. */
  findPendingEvent(contactId: string | undefined, eventType: string): WaitRecord[];
  listForRun(runId: string): WaitRecord[];
}

interface WaitRow {
  id: string;
  run_id: string;
  contact_id: string;
  node_id: string;
  kind: WaitKind;
  event_type: string | null;
  due_at: number;
  status: WaitStatus;
  created_at: number;
  fired_at: number | null;
  fired_event_id: string | null;
}

const toWait = (row: WaitRow): WaitRecord => ({
  id: row.id,
  runId: row.run_id,
  contactId: row.contact_id,
  nodeId: row.node_id,
  kind: row.kind,
  eventType: row.event_type,
  dueAt: toIso(row.due_at),
  dueAtMs: row.due_at,
  status: row.status,
  createdAt: toIso(row.created_at),
  firedAt: toIsoOrNull(row.fired_at),
  firedEventId: row.fired_event_id,
});

export function createWaitsRepository({ db, now }: LegacyRepositoryContext): WaitsRepository {
  const insert = db.prepare(
    `INSERT INTO waits (id, run_id, contact_id, node_id, kind, event_type, due_at, status, created_at)
     SELECT @id, id, contact_id, @nodeId, @kind, @eventType, @dueAt, 'pending', @now FROM runs WHERE id = @runId`,
  );
  const selectOne = db.prepare<[string], WaitRow>('SELECT * FROM waits WHERE id = ?');
  const updateFired = db.prepare(
    `UPDATE waits SET status = 'fired', fired_at = @at, fired_event_id = @eventId
     WHERE id = @id AND status = 'pending'`,
  );
  const updateDue = db.prepare<[number, string]>(
    `UPDATE waits SET due_at = ? WHERE id = ? AND status = 'pending'`,
  );
  const updateCancelled = db.prepare(
    `UPDATE waits SET status = 'cancelled' WHERE id = ? AND status = 'pending'`,
  );
  const updateCancelledForRun = db.prepare(
    `UPDATE waits SET status = 'cancelled' WHERE run_id = ? AND status = 'pending'`,
  );
  const selectDue = db.prepare<[number, number], WaitRow>(
    `SELECT * FROM waits WHERE status = 'pending' AND due_at <= ? ORDER BY due_at, rowid LIMIT ?`,
  );
  const selectPending = db.prepare<[number], WaitRow>(
    `SELECT * FROM waits WHERE status = 'pending' ORDER BY due_at, rowid LIMIT ?`,
  );
  const selectEventForContact = db.prepare<[string, string], WaitRow>(
    `SELECT * FROM waits WHERE contact_id = ? AND kind = 'event' AND event_type = ? AND status = 'pending'
     ORDER BY created_at, rowid`,
  );
  const selectEventForAll = db.prepare<[string], WaitRow>(
    `SELECT * FROM waits WHERE kind = 'event' AND event_type = ? AND status = 'pending' ORDER BY created_at, rowid`,
  );
  const selectForRun = db.prepare<[string], WaitRow>(
    'SELECT * FROM waits WHERE run_id = ? ORDER BY created_at, rowid',
  );

  const get = (id: string) => {
    const row = selectOne.get(id);
    return row && toWait(row);
  };

  return {
    reschedule: (id, dueAtMs) => updateDue.run(dueAtMs, id).changes > 0,
    create(wait) {
      const id = wait.id ?? randomUUID();
      const { changes } = insert.run({
        id,
        runId: wait.runId,
        nodeId: wait.nodeId,
        kind: wait.kind,
        eventType: wait.kind === 'event' ? wait.eventType : null,
        dueAt: wait.dueAt,
        now: now(),
      });
      if (changes === 0) throw new StoreError('not_found', `Run ${wait.runId} does not exist`);
      return get(id) as WaitRecord;
    },
    get,
    fire: (id, { eventId, atMs } = {}) =>
      updateFired.run({ id, eventId: eventId ?? null, at: atMs ?? now() }).changes > 0,
    cancel: (id) => updateCancelled.run(id).changes > 0,
    cancelForRun: (runId) => updateCancelledForRun.run(runId).changes,
    listDue: (nowMs, limit = 1000) => selectDue.all(nowMs, limit).map(toWait),
    listPending: (limit = 10_000) => selectPending.all(limit).map(toWait),
    findPendingEvent: (contactId, eventType) =>
      (contactId === undefined
        ? selectEventForAll.all(eventType)
        : selectEventForContact.all(contactId, eventType)
      ).map(toWait),
    listForRun: (runId) => selectForRun.all(runId).map(toWait),
  };
}
