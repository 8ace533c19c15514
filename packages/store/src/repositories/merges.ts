import { fromJson, toIso, toJson } from '../codec.js';
import type { Contact } from './contacts.js';
import type { RepositoryContext } from './context.js';

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
  get(fromId: string): Promise<ContactMergeRecord | undefined>;
  /** The contacts merged into `intoId` (directly or through contacts merged into it), newest first. */
  listInto(intoId: string): Promise<ContactMergeRecord[]>;
  /** The contact a secondary identifier belongs to. */
  findByIdentity(kind: IdentityKind, value: string): Promise<string | undefined>;
  identities(contactId: string): Promise<{ kind: IdentityKind; value: string }[]>;
  /** Gives the contact a secondary identifier no contact has yet (an alias of an unknown id). */
  addIdentity(contactId: string, kind: IdentityKind, value: string): Promise<boolean>;
  /**
   * Moves the removed contact's history to the survivor: ledger rows (labelled with the contact they
   * were written for), events, runs, waits and outbox rows. Scores, tags, lists and attributes are
   * the caller's: they go through the changes that signal triggers.
   */
  moveRecords(fromId: string, intoId: string): Promise<MovedRecords>;
  /**
   * Records that `from` went into `intoId`: its id redirects there, its identifiers (and the secondary
   * ones it had) become the survivor's, and merges into `from` now point at the survivor. Call before
   * `from` is deleted, in the same transaction.
   */
  record(input: { from: Contact; intoId: string; actor: string | null; summary: object }): Promise<void>;
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

// The tables whose rows simply change hands in a merge (the ledger also keeps a label, see below).
const MOVED_TABLES = ['events', 'runs', 'waits', 'outbox'] as const;

export function createMergesRepository({ db, now }: RepositoryContext): MergesRepository {
  const selectMerges = () => db().selectFrom('contact_merges').selectAll();
  const insertIdentity = (kind: IdentityKind, value: string, contactId: string, at: number) =>
    db().insertInto('contact_identities').values({ kind, value, contact_id: contactId, created_at: at });
  // The rows an update changed, as a number.
  const changes = (result: { numUpdatedRows: bigint }) => Number(result.numUpdatedRows);

  return {
    async get(fromId) {
      const row = await selectMerges().where('from_id', '=', fromId).executeTakeFirst();
      return row && toMerge(row);
    },
    async listInto(intoId) {
      const rows = await selectMerges()
        .where('into_id', '=', intoId)
        .orderBy('merged_at', 'desc')
        .orderBy('rowid', 'desc')
        .execute();
      return rows.map(toMerge);
    },
    async findByIdentity(kind, value) {
      const row = await db()
        .selectFrom('contact_identities')
        .select('contact_id')
        .where('kind', '=', kind)
        .where('value', '=', value)
        .executeTakeFirst();
      return row?.contact_id;
    },
    async identities(contactId) {
      const rows = await db()
        .selectFrom('contact_identities')
        .select(['kind', 'value'])
        .where('contact_id', '=', contactId)
        .orderBy('kind')
        .orderBy('value')
        .execute();
      return rows.map((r) => ({ kind: r.kind as IdentityKind, value: r.value }));
    },
    async addIdentity(contactId, kind, value) {
      const result = await insertIdentity(kind, value, contactId, now())
        .onConflict((oc) => oc.columns(['kind', 'value']).doNothing())
        .executeTakeFirst();
      return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
    },
    async moveRecords(fromId, intoId) {
      const ledger = await db()
        .updateTable('score_ledger')
        .set((eb) => ({ contact_id: intoId, merged_from: eb.fn.coalesce('merged_from', 'contact_id') }))
        .where('contact_id', '=', fromId)
        .executeTakeFirst();
      const moved: number[] = [];
      for (const table of MOVED_TABLES) {
        const result = await db()
          .updateTable(table as 'events')
          .set({ contact_id: intoId })
          .where('contact_id', '=', fromId)
          .executeTakeFirst();
        moved.push(changes(result));
      }
      const [events = 0, runs = 0, waits = 0, outbox = 0] = moved;
      return { ledger: changes(ledger), events, runs, waits, outbox };
    },
    async record({ from, intoId, actor, summary }) {
      const at = now();
      await db()
        .updateTable('contact_merges')
        .set({ into_id: intoId })
        .where('into_id', '=', from.id)
        .execute();
      await db()
        .updateTable('contact_identities')
        .set({ contact_id: intoId })
        .where('contact_id', '=', from.id)
        .execute();
      await db()
        .insertInto('contact_merges')
        .values({
          from_id: from.id,
          into_id: intoId,
          email: from.email,
          external_id: from.externalId,
          actor,
          summary: toJson(summary),
          merged_at: at,
        })
        .execute();
      const identities: [IdentityKind, string | null][] = [
        ['email', from.email],
        ['externalId', from.externalId],
      ];
      for (const [kind, value] of identities) {
        if (value === null) continue;
        await insertIdentity(kind, value, intoId, at)
          .onConflict((oc) =>
            oc
              .columns(['kind', 'value'])
              .doUpdateSet((eb) => ({ contact_id: eb.ref('excluded.contact_id') })),
          )
          .execute();
      }
    },
  };
}
