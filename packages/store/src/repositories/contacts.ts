import { fromJson, toIso, toIsoOrNull, toJson } from '../codec.js';
import { newId } from '../ids.js';
import { prepare } from '../prepared.js';
import {
  identifiers,
  learnedIdentifiers,
  mergeAttributes,
  namedContact,
  normalizeEmail,
} from './contactFields.js';
import type { RepositoryContext } from './context.js';

export type ContactAttributes = Record<string, unknown>;

export interface Contact {
  id: string;
  /** Lowercased; unique among contacts. */
  email: string | null;
  /** The identifier of the contact in the customer's own systems; unique among contacts. */
  externalId: string | null;
  attributes: ContactAttributes;
  createdAt: string;
  updatedAt: string;
  lastEngagedAt: string | null;
  unsubscribedAt: string | null;
  /** The engagement level as last computed (null before the first computation). */
  engagementLevel: string | null;
}

/** How an incoming event names its contact. At least one of the two is needed. */
export interface ContactIdentity {
  email?: string | null | undefined;
  externalId?: string | null | undefined;
}

export interface AttributesUpdate {
  contact: Contact;
  /** Names of the attributes whose value actually changed (drives `trigger.attributeChanged`). */
  changed: string[];
}

export interface ContactsRepository {
  /**
   * Locks the contact's row until the transaction ends (`SELECT ... FOR UPDATE` on PostgreSQL), so two
   * workers processing events of one contact at once take turns and the result is some serial order.
   * A no-op on SQLite, where `BEGIN IMMEDIATE` already makes every write transaction take turns.
   */
  lock(contactId: string): Promise<void>;
  /**
   * Finds the contact named by `identity` or creates it. A contact found by external id gains the email
   * if it had none (and the reverse). Throws `contact_identity_required` with neither identifier, and
   * `contact_identity_conflict` when the email and the external id belong to two different contacts or
   * the email's contact already has another external id. With `lock`, on PostgreSQL, a contact named
   * by its email alone is locked (as by `lock`) by the read that finds it, one statement instead of two,
   * and `locked` says so; found any other way (created, by external id, through a merge), the caller
   * locks it.
   */
  upsertByIdentity(
    identity: ContactIdentity,
    options?: { lock?: boolean },
  ): Promise<{ contact: Contact; created: boolean; locked?: boolean }>;
  get(id: string): Promise<Contact | undefined>;
  /** Case-insensitive. Both also find a contact by the identifiers of contacts merged into it. */
  findByEmail(email: string): Promise<Contact | undefined>;
  findByExternalId(externalId: string): Promise<Contact | undefined>;
  /** Contacts, newest first. */
  list(options?: { limit?: number; offset?: number }): Promise<Contact[]>;
  setAttribute(id: string, name: string, value: unknown): Promise<AttributesUpdate | undefined>;
  /** Merges `patch` into the attributes (keys not in `patch` are kept). */
  setAttributes(id: string, patch: ContactAttributes): Promise<AttributesUpdate | undefined>;
  /** Records an engagement at `atMs` (default now); an older time never moves it back. */
  touchEngagement(id: string, atMs?: number): Promise<boolean>;
  /**
   * Stores the engagement level; returns the one it replaces (null when none was stored). `stored`, when
   * the caller holds the contact's row locked and knows the stored level, spares reading it.
   */
  setEngagementLevel(id: string, level: string, stored?: string | null): Promise<string | null>;
  /** Contacts whose stored level is not `level`, by id after `afterId` (keyset pages for the sweep). */
  listWithEngagementOtherThan(
    level: string,
    options?: { afterId?: string; limit?: number },
  ): Promise<string[]>;
  /** Every contact's id, by id after `afterId` (keyset pages for work over all contacts). */
  idsAfter(afterId: string, limit: number): Promise<string[]>;
  /** Marks the contact unsubscribed (no marketing email); the first time is kept. */
  unsubscribe(id: string, atMs?: number): Promise<boolean>;
  delete(id: string): Promise<boolean>;
}

export interface ContactRow {
  id: string;
  email: string | null;
  external_id: string | null;
  attributes: string;
  created_at: number;
  updated_at: number;
  last_engaged_at: number | null;
  unsubscribed_at: number | null;
  engagement_level: string | null;
}

export const toContact = (row: ContactRow): Contact => ({
  id: row.id,
  email: row.email,
  externalId: row.external_id,
  attributes: fromJson<ContactAttributes>(row.attributes),
  createdAt: toIso(row.created_at),
  updatedAt: toIso(row.updated_at),
  lastEngagedAt: toIsoOrNull(row.last_engaged_at),
  unsubscribedAt: toIsoOrNull(row.unsubscribed_at),
  engagementLevel: row.engagement_level ?? null,
});

export { normalizeEmail };

// An insert that lost a race re-reads the winner's row; a row can only vanish again if it is deleted
// at the same moment, so a few rounds are plenty.
const UPSERT_ATTEMPTS = 3;

export function createContactsRepository(ctx: RepositoryContext): ContactsRepository {
  const { db, dialect, now } = ctx;
  // The contact statements of every event's processing, built once (prepared.ts).
  const by = (column: 'id' | 'email' | 'external_id') =>
    prepare(ctx, (db, p: { value: string }) =>
      db.selectFrom('contacts').selectAll().where(column, '=', p.value),
    );
  const [byId, byEmail, byExternalId] = [by('id'), by('email'), by('external_id')];
  // PostgreSQL only (SQLite has no FOR UPDATE): prepared queries compile on their first call.
  const byEmailLocked = prepare(ctx, (db, p: { value: string }) =>
    db.selectFrom('contacts').selectAll().where('email', '=', p.value).forUpdate(),
  );
  const lockRow = prepare(ctx, (db, p: { id: string }) =>
    db.selectFrom('contacts').select('id').where('id', '=', p.id).forUpdate(),
  );
  const engagementLevel = prepare(ctx, (db, p: { id: string }) =>
    db.selectFrom('contacts').select('engagement_level').where('id', '=', p.id),
  );
  const setLevel = prepare(ctx, (db, p: { id: string; level: string | null }) =>
    db.updateTable('contacts').set({ engagement_level: p.level }).where('id', '=', p.id),
  );
  const touch = prepare(ctx, (db, p: { id: string; at: number }) =>
    db
      .updateTable('contacts')
      .set({ last_engaged_at: p.at })
      .where('id', '=', p.id)
      .where((eb) => eb.or([eb('last_engaged_at', 'is', null), eb('last_engaged_at', '<', p.at)])),
  );
  const rowById = (id: string) => byId.first({ value: id });
  // Identifiers a contact gained from contacts merged into it: events naming them belong to it.
  const rowByIdentity = (kind: 'email' | 'externalId', value: string) =>
    db()
      .selectFrom('contact_identities as i')
      .innerJoin('contacts as c', 'c.id', 'i.contact_id')
      .selectAll('c')
      .where('i.kind', '=', kind)
      .where('i.value', '=', value)
      .executeTakeFirst();
  const rowByEmail = async (email: string) =>
    (await byEmail.first({ value: email })) ?? rowByIdentity('email', email);
  const rowByExternalId = async (externalId: string) =>
    (await byExternalId.first({ value: externalId })) ?? rowByIdentity('externalId', externalId);

  /** The contact the identifiers name, if any; throws when they name two different ones. */
  async function findByIdentifiers(email: string | null, externalId: string | null) {
    const byExternal = externalId === null ? undefined : await rowByExternalId(externalId);
    const byEmail = email === null ? undefined : await rowByEmail(email);
    return namedContact(byExternal, byEmail, externalId);
  }

  // No conflict target: a contact inserted at the same moment with either identifier makes this a
  // no-op (no row back), and the caller reads that contact instead.
  const insert = (email: string | null, externalId: string | null) => {
    const at = now();
    return db()
      .insertInto('contacts')
      .values({
        id: newId(),
        email,
        external_id: externalId,
        attributes: '{}',
        created_at: at,
        updated_at: at,
      })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
  };

  async function upsertByIdentity(identity: ContactIdentity, { lock = false } = {}) {
    const { email, externalId } = identifiers(identity);
    for (let attempt = 1; attempt <= UPSERT_ATTEMPTS; attempt++) {
      if (lock && dialect === 'postgres' && email !== null && externalId === null) {
        // Read once the lock is held: a contact merged away meanwhile is not found here, and is looked
        // up again below among the identifiers of the contact it was merged into.
        const row = await byEmailLocked.first({ value: email });
        if (row) return { contact: toContact(row), created: false, locked: true };
      }
      const found = await findByIdentifiers(email, externalId);
      if (!found) {
        const row = await insert(email, externalId);
        if (row) return { contact: toContact(row), created: true };
        continue;
      }
      // A contact known by one identifier learns the other one the first time an event carries both.
      const next = learnedIdentifiers(found, email, externalId);
      if (!next) return { contact: toContact(found), created: false };
      const row = await db()
        .updateTable('contacts')
        .set({ email: next.email, external_id: next.externalId, updated_at: now() })
        .where('id', '=', found.id)
        .returningAll()
        .executeTakeFirst();
      if (row) return { contact: toContact(row), created: false };
    }
    throw new Error('The contact changed under every attempt to find or create it');
  }

  async function setAttributes(id: string, patch: ContactAttributes) {
    for (;;) {
      const row = await rowById(id);
      if (!row) return undefined;
      const { attributes, changed } = mergeAttributes(row.attributes, patch);
      if (changed.length === 0) return { contact: toContact(row), changed };
      // Written only over the attributes it read: a concurrent change makes this match nothing, and the
      // patch is merged again into what the other writer left, so neither change is lost.
      const updated = await db()
        .updateTable('contacts')
        .set({ attributes: toJson(attributes), updated_at: now() })
        .where('id', '=', id)
        .where('attributes', '=', row.attributes)
        .returningAll()
        .executeTakeFirst();
      if (updated) return { contact: toContact(updated), changed };
    }
  }

  return {
    async lock(contactId) {
      if (dialect !== 'postgres') return;
      await lockRow.execute({ id: contactId });
    },
    upsertByIdentity,
    async setEngagementLevel(id, level, stored) {
      const previous =
        stored !== undefined ? stored : ((await engagementLevel.first({ id }))?.engagement_level ?? null);
      if (previous !== level) await setLevel.execute({ id, level });
      return previous;
    },
    async listWithEngagementOtherThan(level, { afterId = '', limit = 500 } = {}) {
      const rows = await db()
        .selectFrom('contacts')
        .select('id')
        .where('engagement_level', 'is not', null)
        .where('engagement_level', '<>', level)
        .where('id', '>', afterId)
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((r) => r.id);
    },
    async idsAfter(afterId, limit) {
      const rows = await db()
        .selectFrom('contacts')
        .select('id')
        .where('id', '>', afterId)
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((r) => r.id);
    },
    async get(id) {
      const row = await rowById(id);
      return row && toContact(row);
    },
    async findByEmail(email) {
      const row = await rowByEmail(normalizeEmail(email));
      return row && toContact(row);
    },
    async findByExternalId(externalId) {
      const row = await rowByExternalId(externalId);
      return row && toContact(row);
    },
    async list({ limit = 100, offset = 0 } = {}) {
      const rows = await db()
        .selectFrom('contacts')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('rowid', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map(toContact);
    },
    setAttribute: (id, name, value) => setAttributes(id, { [name]: value }),
    setAttributes,
    async touchEngagement(id, atMs = now()) {
      const result = await touch.execute({ id, at: atMs });
      return (result.numAffectedRows ?? 0n) > 0n;
    },
    async unsubscribe(id, atMs = now()) {
      const result = await db()
        .updateTable('contacts')
        .set((eb) => ({
          unsubscribed_at: eb.fn.coalesce('unsubscribed_at', eb.val(atMs)),
          updated_at: now(),
        }))
        .where('id', '=', id)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async delete(id) {
      const result = await db().deleteFrom('contacts').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
