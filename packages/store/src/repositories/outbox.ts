import { randomUUID } from 'node:crypto';
import { fromJson, toIso, toIsoOrNull, toJson } from '../codec.js';
import type { LegacyRepositoryContext } from './context.js';

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
}

export interface OutboxRepository {
  /** Writes the entry unless its idempotency key exists; returns the stored entry either way. */
  enqueue(entry: NewOutboxEntry): { entry: OutboxEntry; created: boolean };
  get(id: string): OutboxEntry | undefined;
  /**
   * Pending entries, oldest first. With `dueBy` (epoch ms), only those whose next attempt is due by then;
   * without it, all of them (the reconciler re-queues every undelivered entry).
   */
  listPending(options?: { dueBy?: number; limit?: number }): OutboxEntry[];
  /** True only for the call that moved the entry to delivered. */
  markDelivered(id: string, atMs?: number): boolean;
  /**
   * Counts a failed attempt. With `retryAt` (epoch ms) the entry stays pending until then; without it
   * the entry is failed for good. Undefined when the entry does not exist or was already delivered.
   */
  markFailed(id: string, failure: { error: string; retryAt?: number }): OutboxEntry | undefined;
  /** Puts a failed entry back to pending (support retried it); false when it was not failed. */
  requeue(id: string): boolean;
  /** The contact's entries, newest first. */
  listForContact(contactId: string, options?: { limit?: number; offset?: number }): OutboxEntry[];
  listForRun(runId: string): OutboxEntry[];
}

interface OutboxRow {
  id: string;
  kind: OutboxKind;
  contact_id: string | null;
  run_id: string | null;
  node_id: string | null;
  payload: string;
  idempotency_key: string;
  status: OutboxStatus;
  attempts: number;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
  next_attempt_at: number | null;
}

const toEntry = (row: OutboxRow): OutboxEntry => ({
  id: row.id,
  kind: row.kind,
  contactId: row.contact_id,
  runId: row.run_id,
  nodeId: row.node_id,
  payload: fromJson(row.payload),
  idempotencyKey: row.idempotency_key,
  status: row.status,
  attempts: row.attempts,
  lastError: row.last_error,
  createdAt: toIso(row.created_at),
  deliveredAt: toIsoOrNull(row.delivered_at),
  nextAttemptAt: toIsoOrNull(row.next_attempt_at),
});

export function createOutboxRepository({ db, now }: LegacyRepositoryContext): OutboxRepository {
  const insert = db.prepare(
    `INSERT INTO outbox (id, kind, contact_id, run_id, node_id, payload, idempotency_key, status, attempts,
       created_at)
     VALUES (@id, @kind, @contactId, @runId, @nodeId, @payload, @idempotencyKey, 'pending', 0, @now)
     ON CONFLICT (idempotency_key) DO NOTHING`,
  );
  const selectOne = db.prepare<[string], OutboxRow>('SELECT * FROM outbox WHERE id = ?');
  const selectByKey = db.prepare<[string], OutboxRow>('SELECT * FROM outbox WHERE idempotency_key = ?');
  const selectPending = db.prepare<[number], OutboxRow>(
    `SELECT * FROM outbox WHERE status = 'pending' ORDER BY created_at, rowid LIMIT ?`,
  );
  const selectDue = db.prepare<[number, number], OutboxRow>(
    `SELECT * FROM outbox WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
     ORDER BY created_at, rowid LIMIT ?`,
  );
  const updateDelivered = db.prepare(
    `UPDATE outbox SET status = 'delivered', delivered_at = @at, next_attempt_at = NULL
     WHERE id = @id AND status <> 'delivered'`,
  );
  const updateFailed = db.prepare(
    `UPDATE outbox SET attempts = attempts + 1, last_error = @error, next_attempt_at = @retryAt,
       status = CASE WHEN @retryAt IS NULL THEN 'failed' ELSE 'pending' END
     WHERE id = @id AND status <> 'delivered'`,
  );
  const updateRequeue = db.prepare<[string]>(
    `UPDATE outbox SET status = 'pending', next_attempt_at = NULL WHERE id = ? AND status = 'failed'`,
  );
  const selectForContact = db.prepare<[string, number, number], OutboxRow>(
    'SELECT * FROM outbox WHERE contact_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?',
  );
  const selectForRun = db.prepare<[string], OutboxRow>(
    'SELECT * FROM outbox WHERE run_id = ? ORDER BY created_at, rowid',
  );

  const get = (id: string) => {
    const row = selectOne.get(id);
    return row && toEntry(row);
  };

  return {
    enqueue(entry) {
      const { changes } = insert.run({
        id: entry.id ?? randomUUID(),
        kind: entry.kind,
        contactId: entry.contactId ?? null,
        runId: entry.runId ?? null,
        nodeId: entry.nodeId ?? null,
        payload: toJson(entry.payload),
        idempotencyKey: entry.idempotencyKey,
        now: now(),
      });
      const row = selectByKey.get(entry.idempotencyKey) as OutboxRow;
      return { entry: toEntry(row), created: changes > 0 };
    },
    get,
    listPending: ({ dueBy, limit = 1000 } = {}) =>
      (dueBy === undefined ? selectPending.all(limit) : selectDue.all(dueBy, limit)).map(toEntry),
    markDelivered: (id, atMs) => updateDelivered.run({ id, at: atMs ?? now() }).changes > 0,
    requeue: (id) => updateRequeue.run(id).changes > 0,
    markFailed(id, { error, retryAt }) {
      const { changes } = updateFailed.run({ id, error, retryAt: retryAt ?? null });
      return changes === 0 ? undefined : get(id);
    },
    listForContact: (contactId, { limit = 100, offset = 0 } = {}) =>
      selectForContact.all(contactId, limit, offset).map(toEntry),
    listForRun: (runId) => selectForRun.all(runId).map(toEntry),
  };
}
