import { fromJson } from '../codec.js';
import type { ContactAttributes } from './contacts.js';
import type { RepositoryContext } from './context.js';

/** A contact with everything a CSV row shows. */
export interface ExportedContact {
  id: string;
  email: string | null;
  externalId: string | null;
  attributes: ContactAttributes;
  tags: string[];
  lists: string[];
  scores: Record<string, number>;
  unsubscribedAt: number | null;
}

export interface ContactExportRepository {
  /** Every score name in use or defined, sorted: the export's `score:NAME` columns. */
  scoreNames(): Promise<string[]>;
  /**
   * One page of contacts in insertion order after `cursor` (0 to start), with tags, lists and scores
   * loaded in three queries for the whole page. Keyset paging keeps a long export stable and cheap.
   */
  page(cursor: number, limit: number): Promise<{ contacts: ExportedContact[]; next: number | undefined }>;
}

const group = (rows: { contact_id: string; name: string }[]) => {
  const map = new Map<string, string[]>();
  for (const r of rows) map.set(r.contact_id, [...(map.get(r.contact_id) ?? []), r.name]);
  return map;
};

export function createContactExportRepository({ db }: RepositoryContext): ContactExportRepository {
  const selectTags = (ids: string[]) =>
    db()
      .selectFrom('contact_tags')
      .select(['contact_id', 'tag as name'])
      .where('contact_id', 'in', ids)
      .orderBy('tag')
      .execute();
  const selectLists = (ids: string[]) =>
    db()
      .selectFrom('contact_lists')
      .select(['contact_id', 'list as name'])
      .where('contact_id', 'in', ids)
      .orderBy('list')
      .execute();
  const selectScores = (ids: string[]) =>
    db()
      .selectFrom('scores')
      .select(['contact_id', 'name', 'value'])
      .where('contact_id', 'in', ids)
      .execute();

  return {
    async scoreNames() {
      const rows = await db()
        .selectFrom('score_definitions')
        .select('name')
        .union(db().selectFrom('scores').select('name'))
        .orderBy('name')
        .execute();
      return rows.map((r) => r.name);
    },
    async page(cursor, limit) {
      const rows = await db()
        .selectFrom('contacts')
        .select(['rowid', 'id', 'email', 'external_id', 'attributes', 'unsubscribed_at'])
        .where('rowid', '>', cursor)
        .orderBy('rowid')
        .limit(limit)
        .execute();
      if (rows.length === 0) return { contacts: [], next: undefined };
      const ids = rows.map((r) => r.id);
      const tags = group(await selectTags(ids));
      const lists = group(await selectLists(ids));
      const scores = new Map<string, Record<string, number>>();
      for (const s of await selectScores(ids)) {
        scores.set(s.contact_id, { ...scores.get(s.contact_id), [s.name]: s.value });
      }
      return {
        contacts: rows.map((r) => ({
          id: r.id,
          email: r.email,
          externalId: r.external_id,
          attributes: fromJson<ContactAttributes>(r.attributes),
          tags: tags.get(r.id) ?? [],
          lists: lists.get(r.id) ?? [],
          scores: scores.get(r.id) ?? {},
          unsubscribedAt: r.unsubscribed_at,
        })),
        next: rows.length < limit ? undefined : rows.at(-1)?.rowid,
      };
    },
  };
}
