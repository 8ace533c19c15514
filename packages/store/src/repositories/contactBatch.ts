import { batches } from '../batches.js';
import { toJson } from '../codec.js';
import { isStoreError } from '../errors.js';
import { newId } from '../ids.js';
import { identifiers, learnedIdentifiers, mergeAttributes, namedContact } from './contactFields.js';
import {
  type Contact,
  type ContactAttributes,
  type ContactIdentity,
  type ContactRow,
  type ContactsRepository,
  toContact,
} from './contacts.js';
import type { RepositoryContext } from './context.js';

/**
 * The contacts repository's writes for many contacts at once (an import's batch of rows), in a few
 * statements instead of several per contact: on PostgreSQL each statement is a round trip, and a
 * 20,000-row file made one by one spends most of its time waiting on them. Each method gives the
 * result the one-contact method would give called in the same order.
 */
export interface ContactBatchRepository {
  /**
   * For each entry, in order: `contacts.upsertByIdentity`, then `contacts.lock` of a contact that
   * existed, then `contacts.setAttributes` with the entry's attributes, if any. One read finds all the
   * contacts that exist, one insert makes all that do not (with their attributes), one statement locks.
   * Entries that need more (a contact learning its other identifier, an identifier an earlier entry of
   * the batch named, an insert that lost a race, a conflict) go through `upsertByIdentity` one by one,
   * in order, after the others; it throws as it does. Which contact each entry names, whether it was
   * created, and the attributes each contact ends with are what calls one by one would give.
   */
  upsertMany(entries: readonly ContactUpsert[]): Promise<{ contact: Contact; created: boolean }[]>;
}

export interface ContactUpsert {
  identity: ContactIdentity;
  /** Merged into the contact's attributes, as `setAttributes` does. */
  attributes?: ContactAttributes | undefined;
}

export function createContactBatchRepository(
  ctx: RepositoryContext,
  contacts: ContactsRepository,
): ContactBatchRepository {
  const { db, dialect, now } = ctx;

  /** Contacts (and contacts merged into others) by email and by external id. */
  async function known(emails: string[], externalIds: string[]) {
    const byEmail = new Map<string, ContactRow>();
    const byExternalId = new Map<string, ContactRow>();
    for (const part of batches(emails)) {
      for (const row of await db().selectFrom('contacts').selectAll().where('email', 'in', part).execute())
        if (row.email !== null) byEmail.set(row.email, row);
    }
    for (const part of batches(externalIds)) {
      const rows = await db().selectFrom('contacts').selectAll().where('external_id', 'in', part).execute();
      for (const row of rows) if (row.external_id !== null) byExternalId.set(row.external_id, row);
    }
    // Identifiers of merged contacts name their survivor; a contact's own column is found first.
    const secondary = async (
      kind: 'email' | 'externalId',
      values: string[],
      into: Map<string, ContactRow>,
    ) => {
      for (const part of batches(values.filter((v) => !into.has(v)))) {
        const rows = await db()
          .selectFrom('contact_identities as i')
          .innerJoin('contacts as c', 'c.id', 'i.contact_id')
          .selectAll('c')
          .select('i.value as identity_value')
          .where('i.kind', '=', kind)
          .where('i.value', 'in', part)
          .execute();
        for (const { identity_value, ...row } of rows) into.set(identity_value, row);
      }
    };
    await secondary('email', emails, byEmail);
    await secondary('externalId', externalIds, byExternalId);
    return { byEmail, byExternalId };
  }

  /** `contacts.lock` for each contact in one statement, in id order (no two batches deadlock). */
  async function lockMany(contactIds: string[]) {
    if (dialect !== 'postgres') return;
    const sorted = [...new Set(contactIds)].sort();
    for (const part of batches(sorted)) {
      await db()
        .selectFrom('contacts')
        .select('id')
        .where('id', 'in', part)
        .orderBy('id')
        .forUpdate()
        .execute();
    }
  }

  /** `contacts.setAttributes` for each patch, in order; contacts whose attributes stay are not written. */
  async function setAttributesMany(patches: { contactId: string; patch: ContactAttributes }[]) {
    const wanted = patches.filter((p) => Object.keys(p.patch).length > 0);
    const current = new Map<string, string>();
    for (const part of batches([...new Set(wanted.map((p) => p.contactId))])) {
      const rows = await db()
        .selectFrom('contacts')
        .select(['id', 'attributes'])
        .where('id', 'in', part)
        .execute();
      for (const row of rows) current.set(row.id, row.attributes);
    }
    // Contacts another writer changed meanwhile: their later patches go through setAttributes too.
    const moved = new Set<string>();
    for (const { contactId, patch } of wanted) {
      if (moved.has(contactId)) {
        await contacts.setAttributes(contactId, patch);
        continue;
      }
      const text = current.get(contactId);
      if (text === undefined) continue;
      const { attributes, changed } = mergeAttributes(text, patch);
      if (changed.length === 0) continue;
      const next = toJson(attributes);
      // Over the attributes it read, as setAttributes writes; a concurrent writer makes this match
      // nothing, and then setAttributes merges the patch into what that writer left.
      const updated = await db()
        .updateTable('contacts')
        .set({ attributes: next, updated_at: now() })
        .where('id', '=', contactId)
        .where('attributes', '=', text)
        .executeTakeFirst();
      if (updated.numUpdatedRows > 0n) current.set(contactId, next);
      else {
        moved.add(contactId);
        await contacts.setAttributes(contactId, patch);
      }
    }
  }

  return {
    async upsertMany(entries) {
      const wanted = entries.map((e) => identifiers(e.identity));
      const emails = [...new Set(wanted.flatMap((w) => (w.email === null ? [] : [w.email])))];
      const externalIds = [...new Set(wanted.flatMap((w) => (w.externalId === null ? [] : [w.externalId])))];
      const { byEmail, byExternalId } = await known(emails, externalIds);

      const results: ({ contact: Contact; created: boolean } | undefined)[] = [];
      const fresh: { index: number; email: string | null; externalId: string | null; attributes: string }[] =
        [];
      const claimed = new Set<string>();
      wanted.forEach(({ email, externalId }, index) => {
        const keys = [
          email === null ? '' : `e:${email}`,
          externalId === null ? '' : `x:${externalId}`,
        ].filter(Boolean);
        const firstMention = keys.every((k) => !claimed.has(k));
        for (const k of keys) claimed.add(k);
        // A row naming what an earlier row of the batch named sees what that row did: one by one.
        if (!firstMention) {
          results.push(undefined);
          return;
        }
        let found: ContactRow | undefined;
        try {
          found = namedContact(
            externalId === null ? undefined : byExternalId.get(externalId),
            email === null ? undefined : byEmail.get(email),
            externalId,
          );
        } catch (err) {
          if (!isStoreError(err, 'contact_identity_conflict')) throw err;
          // upsertByIdentity, one by one below, throws the conflict in its place in the batch.
          results.push(undefined);
          return;
        }
        if (!found) {
          const attributes = mergeAttributes('{}', entries[index]?.attributes ?? {}).attributes;
          fresh.push({ index, email, externalId, attributes: toJson(attributes) });
          results.push(undefined);
          return;
        }
        // A contact that learns an identifier is written one by one below; the others are as they are.
        results.push(
          learnedIdentifiers(found, email, externalId)
            ? undefined
            : { contact: toContact(found), created: false },
        );
      });

      const at = now();
      for (const part of batches(fresh)) {
        const rows = await db()
          .insertInto('contacts')
          .values(
            part.map((f) => ({
              id: newId(),
              email: f.email,
              external_id: f.externalId,
              attributes: f.attributes,
              created_at: at,
              updated_at: at,
            })),
          )
          // A contact inserted by someone else meanwhile: its row goes the one-by-one way below.
          .onConflict((oc) => oc.doNothing())
          .returningAll()
          .execute();
        const made = new Map(rows.map((r) => [`${r.email ?? ''}\n${r.external_id ?? ''}`, r]));
        for (const f of part) {
          const row = made.get(`${f.email ?? ''}\n${f.externalId ?? ''}`);
          if (row) results[f.index] = { contact: toContact(row), created: true };
        }
      }
      const out: { contact: Contact; created: boolean }[] = [];
      const inserted = new Set<number>();
      for (const [i, result] of results.entries()) {
        if (result?.created) inserted.add(i);
        out.push(result ?? (await contacts.upsertByIdentity(entries[i]?.identity ?? {})));
      }
      await lockMany(out.filter((r) => !r.created).map((r) => r.contact.id));
      await setAttributesMany(
        out.flatMap((r, i) => {
          const patch = entries[i]?.attributes;
          return inserted.has(i) || !patch ? [] : [{ contactId: r.contact.id, patch }];
        }),
      );
      return out;
    },
  };
}
