import { randomUUID } from 'node:crypto';
import { fromJson, toIso, toIsoOrNull, toJson } from '../codec.js';
import { StoreError } from '../errors.js';
import type { LegacyRepositoryContext } from './context.js';

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
  lock(contactId: string): void;
  /**
   * Finds the contact named by `identity` or creates it. A contact found by external id gains the email
   * if it had none (and the reverse). Throws `contact_identity_required` with neither identifier, and
   * `contact_identity_conflict` when the email and the external id belong to two different contacts or
   * the email's contact already has another external id.
   */
  upsertByIdentity(identity: ContactIdentity): { contact: Contact; created: boolean };
  get(id: string): Contact | undefined;
  /** Case-insensitive. Both also find a contact by the identifiers of contacts merged into it. */
  findByEmail(email: string): Contact | undefined;
  findByExternalId(externalId: string): Contact | undefined;
  /** Contacts, newest first. */
  list(options?: { limit?: number; offset?: number }): Contact[];
  setAttribute(id: string, name: string, value: unknown): AttributesUpdate | undefined;
  /** Merges `patch` into the attributes (keys not in `patch` are kept). */
  setAttributes(id: string, patch: ContactAttributes): AttributesUpdate | undefined;
  /** Records an engagement at `atMs` (default now); an older time never moves it back. */
  touchEngagement(id: string, atMs?: number): boolean;
  /** Stores the engagement level; returns the one it replaces (null when none was stored). */
  setEngagementLevel(id: string, level: string): string | null;
  /** Contacts whose stored level is not `level`, by id after `afterId` (keyset pages for the sweep). */
  listWithEngagementOtherThan(level: string, options?: { afterId?: string; limit?: number }): string[];
  /** Marks the contact unsubscribed (no marketing email); the first time is kept. */
  unsubscribe(id: string, atMs?: number): boolean;
  delete(id: string): boolean;
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

/** Emails compare case-insensitively: `Ann@Example.com` and `ann@example.com` are one contact. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

const clean = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

// JSON equality is enough here: attribute values are JSON values and are stored as JSON.
const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

const ownValue = (object: ContactAttributes, name: string): unknown =>
  Object.hasOwn(object, name) ? object[name] : undefined;

export function createContactsRepository({ db, now }: LegacyRepositoryContext): ContactsRepository {
  const selectById = db.prepare<[string], ContactRow>('SELECT * FROM contacts WHERE id = ?');
  const selectByEmail = db.prepare<[string], ContactRow>('SELECT * FROM contacts WHERE email = ?');
  const selectByExternalId = db.prepare<[string], ContactRow>('SELECT * FROM contacts WHERE external_id = ?');
  // Identifiers a contact gained from contacts merged into it: events naming them belong to it.
  const selectByIdentity = db.prepare<['email' | 'externalId', string], ContactRow>(
    `SELECT c.* FROM contact_identities AS i JOIN contacts AS c ON c.id = i.contact_id
     WHERE i.kind = ? AND i.value = ?`,
  );
  const rowByEmail = (email: string) => selectByEmail.get(email) ?? selectByIdentity.get('email', email);
  const rowByExternalId = (externalId: string) =>
    selectByExternalId.get(externalId) ?? selectByIdentity.get('externalId', externalId);
  const selectPage = db.prepare<[number, number], ContactRow>(
    'SELECT * FROM contacts ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?',
  );
  const insert = db.prepare(
    `INSERT INTO contacts (id, email, external_id, attributes, created_at, updated_at)
     VALUES (@id, @email, @externalId, '{}', @now, @now)`,
  );
  const updateIdentity = db.prepare(
    'UPDATE contacts SET email = @email, external_id = @externalId, updated_at = @now WHERE id = @id',
  );
  const updateAttributes = db.prepare(
    'UPDATE contacts SET attributes = @attributes, updated_at = @now WHERE id = @id',
  );
  const updateEngaged = db.prepare(
    `UPDATE contacts SET last_engaged_at = @at
     WHERE id = @id AND (last_engaged_at IS NULL OR last_engaged_at < @at)`,
  );
  const updateUnsubscribed = db.prepare(
    `UPDATE contacts SET unsubscribed_at = coalesce(unsubscribed_at, @at), updated_at = @now WHERE id = @id`,
  );
  const remove = db.prepare('DELETE FROM contacts WHERE id = ?');

  const get = (id: string) => {
    const row = selectById.get(id);
    return row && toContact(row);
  };

  const upsert = db.transaction((identity: ContactIdentity) => {
    const rawEmail = clean(identity.email);
    const email = rawEmail === null ? null : normalizeEmail(rawEmail);
    const externalId = clean(identity.externalId);
    if (email === null && externalId === null) {
      throw new StoreError('contact_identity_required', 'A contact needs an email or an external id');
    }
    const byExternal = externalId === null ? undefined : rowByExternalId(externalId);
    const byEmail = email === null ? undefined : rowByEmail(email);
    if (byExternal && byEmail && byExternal.id !== byEmail.id) {
      throw new StoreError(
        'contact_identity_conflict',
        `The email and the external id belong to two different contacts (${byEmail.id}, ${byExternal.id})`,
      );
    }
    // A merged contact's external id is a secondary one of the survivor: found above, no conflict.
    if (
      !byExternal &&
      byEmail &&
      externalId !== null &&
      byEmail.external_id !== null &&
      byEmail.external_id !== externalId
    ) {
      throw new StoreError(
        'contact_identity_conflict',
        `Contact ${byEmail.id} with this email already has another external id`,
      );
    }
    const found = byExternal ?? byEmail;
    if (!found) {
      const id = randomUUID();
      insert.run({ id, email, externalId, now: now() });
      return { contact: get(id) as Contact, created: true };
    }
    // A contact known by one identifier learns the other one the first time an event carries both.
    const nextEmail = found.email ?? email;
    const nextExternalId = found.external_id ?? externalId;
    if (nextEmail !== found.email || nextExternalId !== found.external_id) {
      updateIdentity.run({ id: found.id, email: nextEmail, externalId: nextExternalId, now: now() });
      return { contact: get(found.id) as Contact, created: false };
    }
    return { contact: toContact(found), created: false };
  });

  const setAttributes = db.transaction((id: string, patch: ContactAttributes) => {
    const row = selectById.get(id);
    if (!row) return undefined;
    const attributes = fromJson<ContactAttributes>(row.attributes);
    const changed = Object.keys(patch).filter((name) => !sameJson(ownValue(attributes, name), patch[name]));
    if (changed.length === 0) return { contact: toContact(row), changed };
    // Attribute names come from users: define, never assign, so a name like `__proto__` stays plain data.
    for (const name of changed) {
      Object.defineProperty(attributes, name, {
        value: patch[name],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    updateAttributes.run({ id, attributes: toJson(attributes), now: now() });
    return { contact: get(id) as Contact, changed };
  });

  const selectLevel = db.prepare<[string], { level: string | null }>(
    'SELECT engagement_level AS level FROM contacts WHERE id = ?',
  );
  const updateLevel = db.prepare<[string, string]>('UPDATE contacts SET engagement_level = ? WHERE id = ?');
  const selectOtherLevel = db.prepare<[string, string, number], { id: string }>(
    `SELECT id FROM contacts WHERE engagement_level IS NOT NULL AND engagement_level <> ? AND id > ?
     ORDER BY id LIMIT ?`,
  );

  return {
    lock: () => {},
    upsertByIdentity: (identity) => upsert.immediate(identity),
    setEngagementLevel(id, level) {
      const previous = selectLevel.get(id)?.level ?? null;
      if (previous !== level) updateLevel.run(level, id);
      return previous;
    },
    listWithEngagementOtherThan: (level, { afterId = '', limit = 500 } = {}) =>
      selectOtherLevel.all(level, afterId, limit).map((r) => r.id),
    get,
    findByEmail(email) {
      const row = rowByEmail(normalizeEmail(email));
      return row && toContact(row);
    },
    findByExternalId(externalId) {
      const row = rowByExternalId(externalId);
      return row && toContact(row);
    },
    list: ({ limit = 100, offset = 0 } = {}) => selectPage.all(limit, offset).map(toContact),
    setAttribute: (id, name, value) => setAttributes.immediate(id, { [name]: value }),
    setAttributes: (id, patch) => setAttributes.immediate(id, patch),
    touchEngagement: (id, atMs = now()) => updateEngaged.run({ id, at: atMs }).changes > 0,
    unsubscribe: (id, atMs = now()) => updateUnsubscribed.run({ id, at: atMs, now: now() }).changes > 0,
    delete: (id) => remove.run(id).changes > 0,
  };
}
