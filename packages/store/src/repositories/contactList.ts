import { ENGAGEMENT_LEVELS } from '@scoreflow/flow';
import type { Expression, ExpressionBuilder } from 'kysely';
import { toIsoOrNull } from '../codec.js';
import type { DB } from '../schema.js';
import { type Contact, toContact } from './contacts.js';
import type { RepositoryContext } from './context.js';

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
  page(options?: ContactListOptions): Promise<{ items: ContactListEntry[]; total: number }>;
  /** One contact as a row of the list (for a search by email or external id). */
  entry(contact: Contact): Promise<ContactListEntry>;
}

type ListScope = ExpressionBuilder<DB & { c: DB['contacts']; s: DB['scores'] }, 'c' | 's'>;

// A never-computed level counts as "not engaged", as it does for trigger.engagementChanged; the ranks
// follow ENGAGEMENT_LEVELS (lowest first) so "engagement" sorts by level, not alphabetically.
function engagementRank(eb: ListScope): Expression<number> {
  const level = eb.fn.coalesce('c.engagement_level', eb.val('not engaged'));
  const [first, ...rest] = ENGAGEMENT_LEVELS;
  let ranks = eb
    .case(level)
    .when(eb.val(first))
    .then(eb.lit(0 as number));
  rest.forEach((name, i) => {
    ranks = ranks.when(eb.val(name)).then(eb.lit(i + 1));
  });
  return ranks.else(eb.lit(-1)).end();
}

// The whitelist: each sort key names a fixed expression. Only these ever reach the SQL text; the request
// picks one of them by key, and the score name is a bound parameter. "lastActivity" is the selected
// `last_activity_at`, named in the ORDER BY.
const SORT_EXPRESSIONS: Record<ContactSortKey, (eb: ListScope) => Expression<unknown>> = {
  created: (eb) => eb.ref('c.created_at'),
  email: (eb) => eb.ref('c.email'),
  score: (eb) => eb.ref('s.value'),
  engagement: engagementRank,
  lastActivity: (eb) => eb.ref('last_activity_at' as 'c.created_at'),
};

export function createContactListRepository({ db }: RepositoryContext): ContactListRepository {
  const selectScores = (contactId: string) =>
    db()
      .selectFrom('scores')
      .select(['name', 'value'])
      .where('contact_id', '=', contactId)
      .orderBy('name')
      .execute();

  /** The scores of the page's contacts, by contact, each contact's by name. */
  async function scoresOf(ids: string[]) {
    const scores = new Map<string, { name: string; value: number }[]>();
    if (ids.length === 0) return scores;
    const rows = await db()
      .selectFrom('scores')
      .select(['contact_id', 'name', 'value'])
      .where('contact_id', 'in', ids)
      .orderBy('name')
      .execute();
    for (const s of rows) {
      scores.set(s.contact_id, [...(scores.get(s.contact_id) ?? []), { name: s.name, value: s.value }]);
    }
    return scores;
  }

  return {
    async page({ sort = 'created', order = 'desc', score = 'SCORE', limit = 50, offset = 0 } = {}) {
      if (!Object.hasOwn(SORT_EXPRESSIONS, sort)) throw new RangeError(`Unknown contact sort: ${sort}`);
      const expression = SORT_EXPRESSIONS[sort];
      // Missing values (no email, no such score, no events) go last in both directions; the newest
      // contact first breaks ties, so pages never overlap.
      const rows = await db()
        .selectFrom('contacts as c')
        .leftJoin('scores as s', (join) => join.onRef('s.contact_id', '=', 'c.id').on('s.name', '=', score))
        .selectAll('c')
        .select((eb) =>
          eb
            .selectFrom('events as e')
            .select((e) => e.fn.max('e.occurred_at').as('at'))
            .whereRef('e.contact_id', '=', 'c.id')
            .as('last_activity_at'),
        )
        .orderBy(expression, (ob) => (order === 'asc' ? ob.asc() : ob.desc()).nullsLast())
        .orderBy('c.created_at', 'desc')
        .orderBy('c.rowid', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      const scores = await scoresOf(rows.map((r) => r.id));
      const count = await db()
        .selectFrom('contacts')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return {
        items: rows.map((row) => ({
          ...toContact(row),
          scores: scores.get(row.id) ?? [],
          lastActivityAt: toIsoOrNull(row.last_activity_at),
        })),
        total: Number(count.n),
      };
    },
    async entry(contact) {
      const scores = await selectScores(contact.id);
      const last = await db()
        .selectFrom('events')
        .select((eb) => eb.fn.max('occurred_at').as('at'))
        .where('contact_id', '=', contact.id)
        .executeTakeFirst();
      return { ...contact, scores, lastActivityAt: toIsoOrNull(last?.at ?? null) };
    },
  };
}
