import { fromJson } from '../codec.js';
import type { ContactAttributes } from './contacts.js';
import type { LegacyRepositoryContext } from './context.js';

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
  scoreNames(): string[];
  /**
   * One page of contacts in insertion order after `cursor` (0 to start), with tags, lists and scores
   * loaded in three queries for the whole page. Keyset paging keeps a long export stable and cheap.
   */
  page(cursor: number, limit: number): { contacts: ExportedContact[]; next: number | undefined };
}

interface Row {
  rowid: number;
  id: string;
  email: string | null;
  external_id: string | null;
  attributes: string;
  unsubscribed_at: number | null;
}

export function createContactExportRepository({ db }: LegacyRepositoryContext): ContactExportRepository {
  const selectNames = db.prepare<[], { name: string }>(
    'SELECT name FROM score_definitions UNION SELECT DISTINCT name FROM scores ORDER BY name',
  );
  const selectPage = db.prepare<[number, number], Row>(
    `SELECT rowid, id, email, external_id, attributes, unsubscribed_at FROM contacts
     WHERE rowid > ? ORDER BY rowid LIMIT ?`,
  );
  // The page's ids go in as one JSON array, so each query is prepared once whatever the page size.
  const selectTags = db.prepare<[string], { contact_id: string; name: string }>(
    `SELECT contact_id, tag AS name FROM contact_tags
     WHERE contact_id IN (SELECT value FROM json_each(?)) ORDER BY tag`,
  );
  const selectLists = db.prepare<[string], { contact_id: string; name: string }>(
    `SELECT contact_id, list AS name FROM contact_lists
     WHERE contact_id IN (SELECT value FROM json_each(?)) ORDER BY list`,
  );
  const selectScores = db.prepare<[string], { contact_id: string; name: string; value: number }>(
    'SELECT contact_id, name, value FROM scores WHERE contact_id IN (SELECT value FROM json_each(?))',
  );

  const group = (rows: { contact_id: string; name: string }[]) => {
    const map = new Map<string, string[]>();
    for (const r of rows) map.set(r.contact_id, [...(map.get(r.contact_id) ?? []), r.name]);
    return map;
  };

  return {
    scoreNames: () => selectNames.all().map((r) => r.name),
    page(cursor, limit) {
      const rows = selectPage.all(cursor, limit);
      const ids = JSON.stringify(rows.map((r) => r.id));
      const tags = group(selectTags.all(ids));
      const lists = group(selectLists.all(ids));
      const scores = new Map<string, Record<string, number>>();
      for (const s of selectScores.all(ids)) {
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
