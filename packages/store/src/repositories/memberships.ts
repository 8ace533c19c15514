import type { LegacyRepositoryContext } from './context.js';

/** A contact's set of tags or lists. */
export interface MembershipRepository {
  /** Adds the contact; true when it was not a member yet (drives `trigger.tagAdded` / `trigger.listJoined`). */
  add(contactId: string, name: string): boolean;
  /** True when the contact was a member. */
  remove(contactId: string, name: string): boolean;
  has(contactId: string, name: string): boolean;
  /** The contact's tags or lists, sorted. */
  list(contactId: string): string[];
  /** Every tag or list in use, by name, with how many contacts have it (offered in the editor). */
  names(): { name: string; contacts: number }[];
  /** Contacts with this tag or in this list, oldest member first. */
  members(name: string, options?: { limit?: number; offset?: number }): string[];
}

/**
 * Tags and lists have the same shape; the table and column names are constants of this package, never
 * user input, so building the SQL from them is safe.
 */
export function createMembershipRepository(
  { db, now }: LegacyRepositoryContext,
  table: 'contact_tags' | 'contact_lists',
  column: 'tag' | 'list',
  timeColumn: 'added_at' | 'joined_at',
): MembershipRepository {
  const insert = db.prepare(
    `INSERT INTO ${table} (contact_id, ${column}, ${timeColumn}) VALUES (?, ?, ?)
     ON CONFLICT (contact_id, ${column}) DO NOTHING`,
  );
  const remove = db.prepare(`DELETE FROM ${table} WHERE contact_id = ? AND ${column} = ?`);
  const selectOne = db.prepare<[string, string], { found: number }>(
    `SELECT 1 AS found FROM ${table} WHERE contact_id = ? AND ${column} = ?`,
  );
  const selectForContact = db.prepare<[string], { name: string }>(
    `SELECT ${column} AS name FROM ${table} WHERE contact_id = ? ORDER BY ${column}`,
  );
  const selectMembers = db.prepare<[string, number, number], { contactId: string }>(
    `SELECT contact_id AS contactId FROM ${table} WHERE ${column} = ?
     ORDER BY ${timeColumn}, contact_id LIMIT ? OFFSET ?`,
  );

  const selectNames = db.prepare<[], { name: string; contacts: number }>(
    `SELECT ${column} AS name, count(*) AS contacts FROM ${table} GROUP BY ${column} ORDER BY ${column}`,
  );

  return {
    names: () => selectNames.all(),
    add: (contactId, name) => insert.run(contactId, name, now()).changes > 0,
    remove: (contactId, name) => remove.run(contactId, name).changes > 0,
    has: (contactId, name) => selectOne.get(contactId, name) !== undefined,
    list: (contactId) => selectForContact.all(contactId).map((row) => row.name),
    members: (name, { limit = 100, offset = 0 } = {}) =>
      selectMembers.all(name, limit, offset).map((row) => row.contactId),
  };
}

export const createTagsRepository = (context: LegacyRepositoryContext): MembershipRepository =>
  createMembershipRepository(context, 'contact_tags', 'tag', 'added_at');

export const createListsRepository = (context: LegacyRepositoryContext): MembershipRepository =>
  createMembershipRepository(context, 'contact_lists', 'list', 'joined_at');
