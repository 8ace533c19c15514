import { fromJson, toIso, toJson } from '../codec.js';
import type { Contact } from './contacts.js';
import type { LegacyRepositoryContext } from './context.js';

export type IdentityKind = 'email' | 'externalId';

/** A contact that was merged into another one and removed; its id keeps naming the survivor. */
export interface ContactMergeRecord {
  fromId: string;
  intoId: string;
  /** The removed contact's identifiers, now secondary identifiers of `intoId`. */
  email: string | null;
  externalId: string | null;
  actor: string | null;
  summary: Record<string, unknown>;
  mergedAt: string;
}

/** How many rows of each kind moved from the removed contact to the survivor. */
export interface MovedRecords {
  ledger: number;
  events: number;
  runs: number;
  waits: number;
  outbox: number;
}

export interface MergesRepository {
  /** The merge that removed `fromId`, if it was merged. */
  get(fromId: string): ContactMergeRecord | undefined;
  /** The contacts merged into `intoId` (directly or through contacts merged into it), newest first. */
  listInto(intoId: string): ContactMergeRecord[];
  /** The contact a secondary identifier belongs to. */
  findByIdentity(kind: IdentityKind, value: string): string | undefined;
  identities(contactId: string): { kind: IdentityKind; value: string }[];
  /** Gives the contact a secondary identifier no contact has yet (an alias of an unknown id). */
  addIdentity(contactId: string, kind: IdentityKind, value: string): boolean;
  /**
   * Moves the removed contact's history to the survivor: ledger rows (labelled with the contact they
   * were written for), events, runs, waits and outbox rows. Scores, tags, lists and attributes are
   * the caller's: they go through the changes that signal triggers.
   */
  moveRecords(fromId: string, intoId: string): MovedRecords;
  /**
   * Records that `from` went into `intoId`: its id redirects there, its identifiers (and the secondary
   * ones it had) become the survivor's, and merges into `from` now point at the survivor. Call before
   * `from` is deleted, in the same transaction.
   */
  record(input: { from: Contact; intoId: string; actor: string | null; summary: object }): void;
}

interface MergeRow {
  from_id: string;
  into_id: string;
  email: string | null;
  external_id: string | null;
  actor: string | null;
  summary: string;
  merged_at: number;
}

const toMerge = (row: MergeRow): ContactMergeRecord => ({
  fromId: row.from_id,
  intoId: row.into_id,
  email: row.email,
  externalId: row.external_id,
  actor: row.actor,
  summary: fromJson<Record<string, unknown>>(row.summary),
  mergedAt: toIso(row.merged_at),
});

export function createMergesRepository({ db, now }: LegacyRepositoryContext): MergesRepository {
  const selectOne = db.prepare<[string], MergeRow>('SELECT * FROM contact_merges WHERE from_id = ?');
  const selectInto = db.prepare<[string], MergeRow>(
    'SELECT * FROM contact_merges WHERE into_id = ? ORDER BY merged_at DESC, rowid DESC',
  );
  const selectIdentity = db.prepare<[IdentityKind, string], { contactId: string }>(
    'SELECT contact_id AS contactId FROM contact_identities WHERE kind = ? AND value = ?',
  );
  const selectIdentities = db.prepare<[string], { kind: IdentityKind; value: string }>(
    'SELECT kind, value FROM contact_identities WHERE contact_id = ? ORDER BY kind, value',
  );
  const moveLedger = db.prepare<{ from: string; into: string }>(
    `UPDATE score_ledger SET contact_id = @into, merged_from = coalesce(merged_from, contact_id)
     WHERE contact_id = @from`,
  );
  const moves = ['events', 'runs', 'waits', 'outbox'].map((table) =>
    db.prepare<{ from: string; into: string }>(
      `UPDATE ${table} SET contact_id = @into WHERE contact_id = @from`,
    ),
  );
  const insertMerge = db.prepare(
    `INSERT INTO contact_merges (from_id, into_id, email, external_id, actor, summary, merged_at)
     VALUES (@fromId, @intoId, @email, @externalId, @actor, @summary, @now)`,
  );
  const repointMerges = db.prepare<{ from: string; into: string }>(
    'UPDATE contact_merges SET into_id = @into WHERE into_id = @from',
  );
  const repointIdentities = db.prepare<{ from: string; into: string }>(
    'UPDATE contact_identities SET contact_id = @into WHERE contact_id = @from',
  );
  const insertIdentity = db.prepare(
    `INSERT INTO contact_identities (kind, value, contact_id, created_at) VALUES (@kind, @value, @into, @now)
     ON CONFLICT (kind, value) DO UPDATE SET contact_id = excluded.contact_id`,
  );

  const addIdentity = db.prepare(
    `INSERT INTO contact_identities (kind, value, contact_id, created_at) VALUES (@kind, @value, @into, @now)
     ON CONFLICT (kind, value) DO NOTHING`,
  );

  return {
    get(fromId) {
      const row = selectOne.get(fromId);
      return row && toMerge(row);
    },
    listInto: (intoId) => selectInto.all(intoId).map(toMerge),
    findByIdentity: (kind, value) => selectIdentity.get(kind, value)?.contactId,
    identities: (contactId) => selectIdentities.all(contactId),
    addIdentity: (contactId, kind, value) =>
      addIdentity.run({ kind, value, into: contactId, now: now() }).changes > 0,
    moveRecords(fromId, intoId) {
      const params = { from: fromId, into: intoId };
      const ledger = moveLedger.run(params).changes;
      const [events = 0, runs = 0, waits = 0, outbox = 0] = moves.map((m) => m.run(params).changes);
      return { ledger, events, runs, waits, outbox };
    },
    record({ from, intoId, actor, summary }) {
      const at = now();
      const params = { from: from.id, into: intoId };
      repointMerges.run(params);
      repointIdentities.run(params);
      insertMerge.run({
        fromId: from.id,
        intoId,
        email: from.email,
        externalId: from.externalId,
        actor,
        summary: toJson(summary),
        now: at,
      });
      if (from.email !== null)
        insertIdentity.run({ kind: 'email', value: from.email, into: intoId, now: at });
      if (from.externalId !== null)
        insertIdentity.run({ kind: 'externalId', value: from.externalId, into: intoId, now: at });
    },
  };
}
