import { ENGAGEMENT_LEVELS } from '@scoreflow/flow';
import { toIsoOrNull } from '../codec.js';
import { type Contact, type ContactRow, toContact } from './contacts.js';
import type { LegacyRepositoryContext } from './context.js';

/** The columns the contacts list can be sorted by; anything else is refused before it gets here. */
export const CONTACT_SORT_KEYS = ['created', 'email', 'score', 'engagement', 'lastActivity'] as const;
export type ContactSortKey = (typeof CONTACT_SORT_KEYS)[number];
export type SortOrder = 'asc' | 'desc';

/** A row of the contacts list: the contact, its scores and when it last did anything. */
export interface ContactListEntry extends Contact {
  scores: { name: string; value: number }[];
  /** The time of the contact's latest event, null when it has none (an imported contact). */
  lastActivityAt: string | null;
}

export interface ContactListOptions {
  sort?: ContactSortKey | undefined;
  order?: SortOrder | undefined;
  /** The score `sort: 'score'` orders by (SCORE unless named). */
  score?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

export interface ContactListRepository {
  /** One page of contacts in the order asked for, with the total for paging. */
  page(options?: ContactListOptions): { items: ContactListEntry[]; total: number };
  /** One contact as a row of the list (for a search by email or external id). */
  entry(contact: Contact): ContactListEntry;
}

// A never-computed level counts as "not engaged", as it does for trigger.engagementChanged; the ranks
// follow ENGAGEMENT_LEVELS (lowest first) so "engagement" sorts by level, not alphabetically.
const engagementRank = `CASE coalesce(c.engagement_level, 'not engaged') ${ENGAGEMENT_LEVELS.map(
  (level, i) => `WHEN '${level}' THEN ${i}`,
).join(' ')} ELSE -1 END`;

// The whitelist: each sort key names a fixed SQL expression. Only these strings ever reach the SQL text;
// the request picks one of them by key, and the score name is a bound parameter.
const SORT_EXPRESSIONS: Record<ContactSortKey, string> = {
  created: 'c.created_at',
  email: 'c.email',
  score: 's.value',
  engagement: engagementRank,
  lastActivity: 'last_activity_at',
};

interface ListRow extends ContactRow {
  last_activity_at: number | null;
}

export function createContactListRepository({ db }: LegacyRepositoryContext): ContactListRepository {
  const statements = new Map<string, ReturnType<typeof prepare>>();
  function prepare(sort: ContactSortKey, order: SortOrder) {
    const expression = SORT_EXPRESSIONS[sort];
    const direction = order === 'asc' ? 'ASC' : 'DESC';
    // Missing values (no email, no such score, no events) go last in both directions; the newest
    // contact first breaks ties, so pages never overlap.
    return db.prepare<{ score: string; limit: number; offset: number }, ListRow>(
      `SELECT c.*, (SELECT max(e.occurred_at) FROM events AS e WHERE e.contact_id = c.id) AS last_activity_at
       FROM contacts AS c LEFT JOIN scores AS s ON s.contact_id = c.id AND s.name = @score
       ORDER BY (${expression}) IS NULL, ${expression} ${direction}, c.created_at DESC, c.rowid DESC
       LIMIT @limit OFFSET @offset`,
    );
  }
  const statement = (sort: ContactSortKey, order: SortOrder) => {
    const key = `${sort}:${order}`;
    let found = statements.get(key);
    if (!found) {
      found = prepare(sort, order);
      statements.set(key, found);
    }
    return found;
  };
  const selectLastActivity = db.prepare<[string], { at: number | null }>(
    'SELECT max(occurred_at) AS at FROM events WHERE contact_id = ?',
  );
  const selectContactScores = db.prepare<[string], { name: string; value: number }>(
    'SELECT name, value FROM scores WHERE contact_id = ? ORDER BY name',
  );
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM contacts');
  // The page's ids go in as one JSON array, so the query is prepared once whatever the page size.
  const selectScores = db.prepare<[string], { contact_id: string; name: string; value: number }>(
    `SELECT contact_id, name, value FROM scores
     WHERE contact_id IN (SELECT value FROM json_each(?)) ORDER BY name`,
  );

  return {
    page({ sort = 'created', order = 'desc', score = 'SCORE', limit = 50, offset = 0 } = {}) {
      if (!Object.hasOwn(SORT_EXPRESSIONS, sort)) throw new RangeError(`Unknown contact sort: ${sort}`);
      const rows = statement(sort, order).all({ score, limit, offset });
      const scores = new Map<string, { name: string; value: number }[]>();
      for (const s of selectScores.all(JSON.stringify(rows.map((r) => r.id)))) {
        scores.set(s.contact_id, [...(scores.get(s.contact_id) ?? []), { name: s.name, value: s.value }]);
      }
      return {
        items: rows.map((row) => ({
          ...toContact(row),
          scores: scores.get(row.id) ?? [],
          lastActivityAt: toIsoOrNull(row.last_activity_at),
        })),
        total: count.get()?.n ?? 0,
      };
    },
    entry: (contact) => ({
      ...contact,
      scores: selectContactScores.all(contact.id),
      lastActivityAt: toIsoOrNull(selectLastActivity.get(contact.id)?.at ?? null),
    }),
  };
}
