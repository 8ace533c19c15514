import type { Selectable } from 'kysely';
import { fromJson, toIso, toIsoOrNull, toJson } from '../codec.js';
import { newId } from '../ids.js';
import type { Outbox } from '../schema.js';
import type { RepositoryContext } from './context.js';
import type { SentEmail } from './sentEmails.js';

/**
 * What an outbox row delivers ('email', 'webhook'...). The runtime's node table names the kinds and
 * refuses rows of a kind it does not know; the column is plain text, so a new kind needs no migration.
 */
export type OutboxKind = string;
export type OutboxStatus = 'pending' | 'delivered' | 'failed';

/** A side effect that leaves the process, written in the worker's transaction and delivered after commit. */
export interface OutboxEntry {
  id: string;
  kind: OutboxKind;
  contactId: string | null;
  runId: string | null;
  nodeId: string | null;
  payload: unknown;
  idempotencyKey: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
  /**
   * How a delivered email left, on the rows `listForContact` and `listForRun` return: 'none' when no
   * email server was configured and the row only records the email as it would have gone.
   */
  sentVia?: SentEmail['sentVia'];
}

export interface NewOutboxEntry {
  id?: string;
  kind: OutboxKind;
  contactId?: string | null;
  runId?: string | null;
  nodeId?: string | null;
  payload: unknown;
  /** Same key, same delivery: e.g. `<runId>:<nodeId>:<attempt>`. */
  idempotencyKey: string;
  /** An email's category (its Send email step's), counted by frequency caps per category. */
  category?: string | null;
}

/** Emails queued for one contact within a window. */
export interface EmailsInWindow {
  count: number;
  /** Epoch ms of the earliest, null when there is none. */
  oldestAt: number | null;
}

export interface OutboxRepository {
  /** Writes the entry unless its idempotency key exists; returns the stored entry either way. */
  enqueue(entry: NewOutboxEntry): Promise<{ entry: OutboxEntry; created: boolean }>;
  get(id: string): Promise<OutboxEntry | undefined>;
  /**
   * Pending entries, oldest first. With `dueBy` (epoch ms), only those whose next attempt is due by then;
   * without it, all of them (the reconciler re-queues every undelivered entry).
   */
  listPending(options?: { dueBy?: number; limit?: number }): Promise<OutboxEntry[]>;
  /** True only for the call that moved the entry to delivered. */
  markDelivered(id: string, atMs?: number): Promise<boolean>;
  /**
   * Counts a failed attempt. With `retryAt` (epoch ms) the entry stays pending until then; without it
   * the entry is failed for good. Undefined when the entry does not exist or was already delivered.
   */
  markFailed(id: string, failure: { error: string; retryAt?: number }): Promise<OutboxEntry | undefined>;
  /** Puts a failed entry back to pending (support retried it); false when it was not failed. */
  requeue(id: string): Promise<boolean>;
  /** The contact's entries, newest first. */
  listForContact(contactId: string, options?: { limit?: number; offset?: number }): Promise<OutboxEntry[]>;
  listForRun(runId: string): Promise<OutboxEntry[]>;
  /**
   * The contact's emails queued after `sinceMs` (every status: a failed delivery was still
   * meant to reach the contact), only those of `category` when one is given; for frequency caps.
   */
  emailsSince(contactId: string, sinceMs: number, category?: string): Promise<EmailsInWindow>;
}

type OutboxRow = Selectable<Outbox>;

const toEntry = (row: OutboxRow): OutboxEntry => ({
  id: row.id,
  kind: row.kind,
  contactId: row.contact_id,
  runId: row.run_id,
  nodeId: row.node_id,
  payload: fromJson(row.payload),
  idempotencyKey: row.idempotency_key,
  status: row.status as OutboxStatus,
  attempts: row.attempts,
  lastError: row.last_error,
  createdAt: toIso(row.created_at),
  deliveredAt: toIsoOrNull(row.delivered_at),
  nextAttemptAt: toIsoOrNull(row.next_attempt_at),
});

export function createOutboxRepository({ db, now }: RepositoryContext): OutboxRepository {
  const selectAll = () => db().selectFrom('outbox').selectAll();

  /** Adds how each delivered email left (its sent_emails row), for the screens' lists. */
  const withSentVia = async (entries: OutboxEntry[]): Promise<OutboxEntry[]> => {
    const ids = entries.filter((e) => e.kind === 'email' && e.status === 'delivered').map((e) => e.id);
    if (ids.length === 0) return entries;
    const rows = await db()
      .selectFrom('sent_emails')
      .select(['outbox_id', 'sent_via'])
      .where('outbox_id', 'in', ids)
      .execute();
    const via = new Map(rows.map((r) => [r.outbox_id, r.sent_via as SentEmail['sentVia']]));
    return entries.map((e) => {
      const sentVia = via.get(e.id);
      return sentVia === undefined ? e : { ...e, sentVia };
    });
  };

  return {
    async enqueue(entry) {
      const inserted = await db()
        .insertInto('outbox')
        .values({
          id: entry.id ?? newId(),
          kind: entry.kind,
          contact_id: entry.contactId ?? null,
          run_id: entry.runId ?? null,
          node_id: entry.nodeId ?? null,
          payload: toJson(entry.payload),
          idempotency_key: entry.idempotencyKey,
          category: entry.category ?? null,
          status: 'pending',
          attempts: 0,
          created_at: now(),
        })
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted) return { entry: toEntry(inserted), created: true };
      // A repeat: the entry stored the first time.
      const stored = await selectAll()
        .where('idempotency_key', '=', entry.idempotencyKey)
        .executeTakeFirstOrThrow();
      return { entry: toEntry(stored), created: false };
    },
    async get(id) {
      const row = await selectAll().where('id', '=', id).executeTakeFirst();
      return row && toEntry(row);
    },
    listPending: async ({ dueBy, limit = 1000 } = {}) =>
      (
        await selectAll()
          .where('status', '=', 'pending')
          .$if(dueBy !== undefined, (q) =>
            q.where((eb) =>
              eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', dueBy as number)]),
            ),
          )
          .orderBy('created_at')
          .orderBy('rowid')
          .limit(limit)
          .execute()
      ).map(toEntry),
    async markDelivered(id, atMs) {
      const { numUpdatedRows } = await db()
        .updateTable('outbox')
        .set({ status: 'delivered', delivered_at: atMs ?? now(), next_attempt_at: null })
        .where('id', '=', id)
        .where('status', '<>', 'delivered')
        .executeTakeFirst();
      return numUpdatedRows > 0n;
    },
    async requeue(id) {
      const { numUpdatedRows } = await db()
        .updateTable('outbox')
        .set({ status: 'pending', next_attempt_at: null })
        .where('id', '=', id)
        .where('status', '=', 'failed')
        .executeTakeFirst();
      return numUpdatedRows > 0n;
    },
    async markFailed(id, { error, retryAt }) {
      const row = await db()
        .updateTable('outbox')
        .set((eb) => ({
          attempts: eb('attempts', '+', 1),
          last_error: error,
          next_attempt_at: retryAt ?? null,
          status: retryAt == null ? 'failed' : 'pending',
        }))
        .where('id', '=', id)
        .where('status', '<>', 'delivered')
        .returningAll()
        .executeTakeFirst();
      return row && toEntry(row);
    },
    listForContact: async (contactId, { limit = 100, offset = 0 } = {}) =>
      withSentVia(
        (
          await selectAll()
            .where('contact_id', '=', contactId)
            .orderBy('created_at', 'desc')
            .orderBy('rowid', 'desc')
            .limit(limit)
            .offset(offset)
            .execute()
        ).map(toEntry),
      ),
    listForRun: async (runId) =>
      withSentVia(
        (await selectAll().where('run_id', '=', runId).orderBy('created_at').orderBy('rowid').execute()).map(
          toEntry,
        ),
      ),
    async emailsSince(contactId, sinceMs, category) {
      const row = await db()
        .selectFrom('outbox')
        .select((eb) => [eb.fn.countAll<number | string>().as('count'), eb.fn.min('created_at').as('oldest')])
        .where('contact_id', '=', contactId)
        // After, not at: an email exactly a window old has left it, so a send postponed until then fits.
        .where('created_at', '>', sinceMs)
        .where('kind', '=', 'email')
        .$if(category !== undefined, (q) => q.where('category', '=', category as string))
        .executeTakeFirstOrThrow();
      return { count: Number(row.count), oldestAt: row.oldest === null ? null : Number(row.oldest) };
    },
  };
}
