import { toIso } from '../codec.js';
import type { LegacyRepositoryContext } from './context.js';

export type LedgerCause = 'flow' | 'decay' | 'manual' | 'exit' | 'merge';

/** One score change and why it happened: the answer to "why is this contact at 45?". */
export interface LedgerEntry {
  id: number;
  contactId: string;
  score: string;
  delta: number;
  /** The score's value after this change. */
  value: number;
  causeKind: LedgerCause;
  flowId: string | null;
  flowVersion: number | null;
  nodeId: string | null;
  runId: string | null;
  eventId: string | null;
  /** Who made a manual change. */
  actor: string | null;
  note: string | null;
  idempotencyKey: string | null;
  createdAt: string;
  /** The contact the row was written for, when it came here with that contact's merge. */
  mergedFrom: string | null;
}

export interface NewLedgerEntry {
  contactId: string;
  score: string;
  delta: number;
  value: number;
  causeKind: LedgerCause;
  flowId?: string | null;
  flowVersion?: number | null;
  nodeId?: string | null;
  runId?: string | null;
  eventId?: string | null;
  actor?: string | null;
  note?: string | null;
}

export interface LedgerRepository {
  append(entry: NewLedgerEntry): LedgerEntry;
  /**
   * Appends unless an entry with `key` exists (e.g. `decay:<contact>:<score>:<period>`); undefined then,
   * and the caller must not change the score either. Makes a decay that runs twice apply once.
   */
  appendOnce(key: string, entry: NewLedgerEntry): LedgerEntry | undefined;
  /** The contact's entries, newest first; `beforeId` pages further back. */
  listForContact(
    contactId: string,
    options?: { score?: string | undefined; limit?: number | undefined; beforeId?: number | undefined },
  ): LedgerEntry[];
  /**
   * Gains (flow or manual, delta > 0) of `score` made before `beforeMs` whose expiry (an entry keyed
   * `expire:<id>`) has not been written yet, oldest first: what an "expire after N days" decay takes back.
   */
  listExpirable(score: string, beforeMs: number, limit?: number): LedgerEntry[];
  /** Points gained (positive deltas) by the contact from one step of one flow since `sinceMs`. */
  gainsFromNode(contactId: string, flowId: string, nodeId: string, sinceMs: number): number;
  /** Sum of the deltas of the contact's score: equals the score when every change was recorded. */
  sumForContact(contactId: string, score: string): number;
}

interface LedgerRow {
  id: number;
  contact_id: string;
  score: string;
  delta: number;
  value: number;
  cause_kind: LedgerCause;
  flow_id: string | null;
  flow_version: number | null;
  node_id: string | null;
  run_id: string | null;
  event_id: string | null;
  actor: string | null;
  note: string | null;
  idempotency_key: string | null;
  created_at: number;
  merged_from: string | null;
}

const toEntry = (row: LedgerRow): LedgerEntry => ({
  id: row.id,
  contactId: row.contact_id,
  score: row.score,
  delta: row.delta,
  value: row.value,
  causeKind: row.cause_kind,
  flowId: row.flow_id,
  flowVersion: row.flow_version,
  nodeId: row.node_id,
  runId: row.run_id,
  eventId: row.event_id,
  actor: row.actor,
  note: row.note,
  idempotencyKey: row.idempotency_key,
  createdAt: toIso(row.created_at),
  mergedFrom: row.merged_from ?? null,
});

export function createLedgerRepository({ db, now }: LegacyRepositoryContext): LedgerRepository {
  const insert = db.prepare(
    `INSERT INTO score_ledger (contact_id, score, delta, value, cause_kind, flow_id, flow_version, node_id,
       run_id, event_id, actor, note, idempotency_key, created_at)
     VALUES (@contactId, @score, @delta, @value, @causeKind, @flowId, @flowVersion, @nodeId, @runId, @eventId,
       @actor, @note, @key, @now)
     ON CONFLICT (idempotency_key) DO NOTHING`,
  );
  const selectOne = db.prepare<[number | bigint], LedgerRow>('SELECT * FROM score_ledger WHERE id = ?');
  const selectForContact = db.prepare<Record<string, unknown>, LedgerRow>(
    `SELECT * FROM score_ledger
     WHERE contact_id = @contactId AND (@score IS NULL OR score = @score) AND id < @beforeId
     ORDER BY id DESC LIMIT @limit`,
  );
  const selectExpirable = db.prepare<[string, number, number], LedgerRow>(
    `SELECT * FROM score_ledger AS l
     WHERE l.score = ? AND l.delta > 0 AND l.cause_kind IN ('flow', 'manual') AND l.created_at < ?
       AND NOT EXISTS (SELECT 1 FROM score_ledger AS x WHERE x.idempotency_key = 'expire:' || l.id)
     ORDER BY l.id LIMIT ?`,
  );
  const selectGains = db.prepare<[string, string, string, number], { total: number }>(
    `SELECT total(delta) AS total FROM score_ledger
     WHERE contact_id = ? AND flow_id = ? AND node_id = ? AND delta > 0 AND created_at >= ?`,
  );
  const sum = db.prepare<[string, string], { total: number }>(
    'SELECT total(delta) AS total FROM score_ledger WHERE contact_id = ? AND score = ?',
  );

  const write = (key: string | null, entry: NewLedgerEntry): LedgerEntry | undefined => {
    const { changes, lastInsertRowid } = insert.run({
      contactId: entry.contactId,
      score: entry.score,
      delta: entry.delta,
      value: entry.value,
      causeKind: entry.causeKind,
      flowId: entry.flowId ?? null,
      flowVersion: entry.flowVersion ?? null,
      nodeId: entry.nodeId ?? null,
      runId: entry.runId ?? null,
      eventId: entry.eventId ?? null,
      actor: entry.actor ?? null,
      note: entry.note ?? null,
      key,
      now: now(),
    });
    if (changes === 0) return undefined;
    const row = selectOne.get(lastInsertRowid);
    return row && toEntry(row);
  };

  return {
    append: (entry) => write(null, entry) as LedgerEntry,
    appendOnce: (key, entry) => write(key, entry),
    listForContact: (contactId, { score, limit = 100, beforeId } = {}) =>
      selectForContact
        .all({ contactId, score: score ?? null, beforeId: beforeId ?? Number.MAX_SAFE_INTEGER, limit })
        .map(toEntry),
    listExpirable: (score, beforeMs, limit = 1_000) =>
      selectExpirable.all(score, beforeMs, limit).map(toEntry),
    gainsFromNode: (contactId, flowId, nodeId, sinceMs) =>
      selectGains.get(contactId, flowId, nodeId, sinceMs)?.total ?? 0,
    sumForContact: (contactId, score) => sum.get(contactId, score)?.total ?? 0,
  };
}
