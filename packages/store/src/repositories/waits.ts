import type { Selectable } from 'kysely';
import { toIso, toIsoOrNull } from '../codec.js';
import { StoreError } from '../errors.js';
import { newId } from '../ids.js';
import { prepare } from '../prepared.js';
import type { Waits } from '../schema.js';
import type { RepositoryContext } from './context.js';

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
  create(wait: NewWait): Promise<WaitRecord>;
  get(id: string): Promise<WaitRecord | undefined>;
  /**
   * Marks a pending wait fired; false when it already fired or was cancelled, so the caller that gets
   * true is the only one that resumes the run.
   */
  fire(id: string, options?: { eventId?: string; atMs?: number }): Promise<boolean>;
  /** Moves a pending wait's due time (support fast-forwards it); false when it was no longer pending. */
  reschedule(id: string, dueAtMs: number): Promise<boolean>;
  /** Cancels a pending wait; false when it was no longer pending. */
  cancel(id: string): Promise<boolean>;
  /** Cancels every pending wait of the run (it exited or was cancelled); returns how many. */
  cancelForRun(runId: string): Promise<number>;
  /** Pending waits due at or before `nowMs`, earliest first. */
  listDue(nowMs: number, limit?: number): Promise<WaitRecord[]>;
  /** Every pending wait, earliest due first (the reconciler re-schedules them). */
  listPending(limit?: number): Promise<WaitRecord[]>;
  /** Pending event waits for `eventType`, of one contact or of all when `contactId` is undefined. */
  findPendingEvent(contactId: string | undefined, eventType: string): Promise<WaitRecord[]>;
  listForRun(runId: string): Promise<WaitRecord[]>;
}

type WaitRow = Selectable<Waits>;

const toWait = (row: WaitRow): WaitRecord => ({
  id: row.id,
  runId: row.run_id,
  contactId: row.contact_id,
  nodeId: row.node_id,
  kind: row.kind as WaitKind,
  eventType: row.event_type,
  dueAt: toIso(row.due_at),
  dueAtMs: row.due_at,
  status: row.status as WaitStatus,
  createdAt: toIso(row.created_at),
  firedAt: toIsoOrNull(row.fired_at),
  firedEventId: row.fired_event_id,
});

export function createWaitsRepository(ctx: RepositoryContext): WaitsRepository {
  const { db, now } = ctx;
  const pending = () => db().selectFrom('waits').selectAll().where('status', '=', 'pending');
  // The wait statements of every event's processing, built once (prepared.ts).
  const ofRun = prepare(ctx, (db, p: { runId: string }) =>
    db.selectFrom('waits').selectAll().where('run_id', '=', p.runId).orderBy('created_at').orderBy('rowid'),
  );
  const pendingEventOf = prepare(ctx, (db, p: { contactId: string; eventType: string }) =>
    db
      .selectFrom('waits')
      .selectAll()
      .where('status', '=', 'pending')
      .where('contact_id', '=', p.contactId)
      .where('kind', '=', 'event')
      .where('event_type', '=', p.eventType)
      .orderBy('created_at')
      .orderBy('rowid'),
  );
  const setPending = async (id: string, change: { status?: WaitStatus; due_at?: number }) => {
    const { numUpdatedRows } = await db()
      .updateTable('waits')
      .set(change)
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return numUpdatedRows > 0n;
  };

  return {
    reschedule: (id, dueAtMs) => setPending(id, { due_at: dueAtMs }),
    async create(wait) {
      const id = wait.id ?? newId();
      const eventType = wait.kind === 'event' ? wait.eventType : null;
      const at = now();
      // One statement takes the contact from the run and finds out whether the run exists. The values
      // are cast because PostgreSQL reads an untyped parameter in a SELECT list as text.
      const row = await db()
        .insertInto('waits')
        .columns([
          'id',
          'run_id',
          'contact_id',
          'node_id',
          'kind',
          'event_type',
          'due_at',
          'status',
          'created_at',
        ])
        .expression((eb) =>
          eb
            .selectFrom('runs')
            .select([
              eb.cast<string>(eb.val(id), 'text').as('id'),
              'id as run_id',
              'contact_id',
              eb.cast<string>(eb.val(wait.nodeId), 'text').as('node_id'),
              eb.cast<string>(eb.val(wait.kind), 'text').as('kind'),
              eb.cast<string | null>(eb.val(eventType), 'text').as('event_type'),
              eb.cast<number>(eb.val(wait.dueAt), 'bigint').as('due_at'),
              eb.cast<string>(eb.val('pending'), 'text').as('status'),
              eb.cast<number>(eb.val(at), 'bigint').as('created_at'),
            ])
            .where('id', '=', wait.runId),
        )
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new StoreError('not_found', `Run ${wait.runId} does not exist`);
      return toWait(row);
    },
    async get(id) {
      const row = await db().selectFrom('waits').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toWait(row);
    },
    async fire(id, { eventId, atMs } = {}) {
      const { numUpdatedRows } = await db()
        .updateTable('waits')
        .set({ status: 'fired', fired_at: atMs ?? now(), fired_event_id: eventId ?? null })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return numUpdatedRows > 0n;
    },
    cancel: (id) => setPending(id, { status: 'cancelled' }),
    async cancelForRun(runId) {
      const { numUpdatedRows } = await db()
        .updateTable('waits')
        .set({ status: 'cancelled' })
        .where('run_id', '=', runId)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(numUpdatedRows);
    },
    listDue: async (nowMs, limit = 1000) =>
      (
        await pending().where('due_at', '<=', nowMs).orderBy('due_at').orderBy('rowid').limit(limit).execute()
      ).map(toWait),
    listPending: async (limit = 10_000) =>
      (await pending().orderBy('due_at').orderBy('rowid').limit(limit).execute()).map(toWait),
    findPendingEvent: async (contactId, eventType) =>
      (contactId !== undefined
        ? await pendingEventOf.rows({ contactId, eventType })
        : await pending()
            .where('kind', '=', 'event')
            .where('event_type', '=', eventType)
            .orderBy('created_at')
            .orderBy('rowid')
            .execute()
      ).map(toWait),
    listForRun: async (runId) => (await ofRun.rows({ runId })).map(toWait),
  };
}
