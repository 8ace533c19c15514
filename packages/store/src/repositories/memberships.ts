import { batches } from '../batches.js';
import { prepare } from '../prepared.js';
import type { RepositoryContext } from './context.js';

/** A contact's set of tags or lists. */
export interface MembershipRepository {
  /** Adds the contact; true when it was not a member yet (drives `trigger.tagAdded` / `trigger.listJoined`). */
  add(contactId: string, name: string): Promise<boolean>;
  /** `add` for many pairs in a few statements (an import's batch); members already are kept as they are. */
  addMany(pairs: readonly { contactId: string; name: string }[]): Promise<void>;
  /** True when the contact was a member. */
  remove(contactId: string, name: string): Promise<boolean>;
  /** `remove` of several names of one contact in one statement. */
  removeMany(contactId: string, names: readonly string[]): Promise<void>;
  has(contactId: string, name: string): Promise<boolean>;
  /** The contact's tags or lists, sorted. */
  list(contactId: string): Promise<string[]>;
  /** Every tag or list in use, by name, with how many contacts have it (offered in the editor). */
  names(): Promise<{ name: string; contacts: number }[]>;
  /** Contacts with this tag or in this list, oldest member first. */
  members(name: string, options?: { limit?: number; offset?: number }): Promise<string[]>;
}

/**
 * Tags and lists have the same shape; the table and column names are constants of this package, never
 * user input, so building the SQL from them is safe.
 */
export function createMembershipRepository(
  ctx: RepositoryContext,
  table: 'contact_tags' | 'contact_lists',
  column: 'tag' | 'list',
  timeColumn: 'added_at' | 'joined_at',
): MembershipRepository {
  // Typed as the tags table: the lists table is the same under other names, and the SQL names the real
  // table and columns.
  const t = table as 'contact_tags';
  const name = column as 'tag';
  const time = timeColumn as 'added_at';
  const { db, now } = ctx;

  // The statements of every event's processing (list moves, the contact's view).
  const insert = prepare(ctx, (db, p: { contactId: string; value: string; at: number }) =>
    db
      .insertInto(t)
      .values({ contact_id: p.contactId, [name]: p.value, [time]: p.at } as {
        contact_id: string;
        tag: string;
        added_at: number;
      })
      .onConflict((oc) => oc.columns(['contact_id', name]).doNothing()),
  );
  const remove = prepare(ctx, (db, p: { contactId: string; value: string }) =>
    db.deleteFrom(t).where('contact_id', '=', p.contactId).where(name, '=', p.value),
  );
  const list = prepare(ctx, (db, p: { contactId: string }) =>
    db
      .selectFrom(t)
      .select((eb) => eb.ref(name).as('name'))
      .where('contact_id', '=', p.contactId)
      .orderBy(name),
  );

  return {
    async names() {
      const rows = await db()
        .selectFrom(t)
        .select((eb) => [eb.ref(name).as('name'), eb.fn.countAll().as('contacts')])
        .groupBy(name)
        .orderBy(name)
        .execute();
      return rows.map((r) => ({ name: r.name, contacts: Number(r.contacts) }));
    },
    async add(contactId, value) {
      const result = await insert.execute({ contactId, value, at: now() });
      return (result.numAffectedRows ?? 0n) > 0n;
    },
    async addMany(pairs) {
      const at = now();
      for (const part of batches(pairs)) {
        const values = part.map((p) => ({ contact_id: p.contactId, [name]: p.name, [time]: at }));
        await db()
          .insertInto(t)
          .values(values as { contact_id: string; tag: string; added_at: number }[])
          .onConflict((oc) => oc.columns(['contact_id', name]).doNothing())
          .execute();
      }
    },
    async remove(contactId, value) {
      const result = await remove.execute({ contactId, value });
      return (result.numAffectedRows ?? 0n) > 0n;
    },
    async removeMany(contactId, values) {
      for (const part of batches(values))
        await db().deleteFrom(t).where('contact_id', '=', contactId).where(name, 'in', part).execute();
    },
    async has(contactId, value) {
      const row = await db()
        .selectFrom(t)
        .select('contact_id')
        .where('contact_id', '=', contactId)
        .where(name, '=', value)
        .executeTakeFirst();
      return row !== undefined;
    },
    async list(contactId) {
      const rows = await list.rows({ contactId });
      return rows.map((row) => row.name);
    },
    async members(value, { limit = 100, offset = 0 } = {}) {
      const rows = await db()
        .selectFrom(t)
        .select('contact_id')
        .where(name, '=', value)
        .orderBy(time)
        .orderBy('contact_id')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map((row) => row.contact_id);
    },
  };
}

export const createTagsRepository = (context: RepositoryContext): MembershipRepository =>
  createMembershipRepository(context, 'contact_tags', 'tag', 'added_at');

export const createListsRepository = (context: RepositoryContext): MembershipRepository =>
  createMembershipRepository(context, 'contact_lists', 'list', 'joined_at');
