import { importScores } from '@scoreflow/runtime';
import { type ExportedContact, isStoreError, type Store } from '@scoreflow/store';
import { z } from 'zod';

/** The fixed columns of the contacts CSV; `score:NAME` columns follow, one per score. */
export const CSV_COLUMNS = ['email', 'externalId', 'attributes', 'tags', 'lists', 'unsubscribed'] as const;
export const SCORE_COLUMN_PREFIX = 'score:';
const SEPARATOR = ';';

/**
 * One export row: attributes as a JSON object (types survive a round trip), tags and lists `;`-joined.
 * Scores stay numbers, so the CSV writer knows a negative score is data and not a formula.
 */
export function exportRow(contact: ExportedContact, scoreNames: readonly string[]): (string | number)[] {
  return [
    contact.email ?? '',
    contact.externalId ?? '',
    JSON.stringify(contact.attributes),
    contact.tags.join(SEPARATOR),
    contact.lists.join(SEPARATOR),
    contact.unsubscribedAt === null ? '' : new Date(contact.unsubscribedAt).toISOString(),
    ...scoreNames.map((name) => contact.scores[name] ?? ''),
  ];
}

/** A CSV row, understood. */
export interface ImportRow {
  line: number;
  identity: { email?: string; externalId?: string };
  attributes: Record<string, unknown>;
  tags: string[];
  lists: string[];
  scores: Record<string, number>;
  unsubscribe: boolean;
}

const Email = z.email().max(254);
const split = (cell: string) =>
  cell
    .split(SEPARATOR)
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && s.length <= 100);

/** A plain decimal number: no sign but `-`, no leading zeros, no exponent, no thousands separators. */
const PLAIN_NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;
/** Columns named like identifiers (`id`, `customer_id`, `crmId`, `CRM ID`) hold ids, which stay text. */
const ID_COLUMN = /(^|[^A-Za-z])(id|ID|Id)$|[a-z]Id$|[a-z]ID$/;

/**
 * The value a cell of another column is stored as (docs/integrations.md § CSV): a plain decimal number
 * becomes a number, `true`/`false` (any case) a boolean, everything else text. Text with a leading zero
 * (`01234`) or a `+` (`+47...`) stays text, as do numbers a double cannot hold exactly and every cell of
 * an id column, so zip codes, phone numbers and ids are not turned into different values.
 */
export function typedCell(column: string, cell: string): string | number | boolean {
  if (ID_COLUMN.test(column)) return cell;
  if (/^(true|false)$/i.test(cell)) return cell.toLowerCase() === 'true';
  if (!PLAIN_NUMBER.test(cell)) return cell;
  const value = Number(cell);
  const exact = cell.includes('.') ? Number.isFinite(value) : Number.isSafeInteger(value);
  return exact ? value : cell;
}

/**
 * Reads one record (header → cell). Empty cells change nothing (an import never blanks data). A column
 * that is not one of ours becomes an attribute of that name (typed by {@link typedCell}), so a file
 * exported from another tool imports without renaming columns.
 */
export function readRow(
  line: number,
  record: Record<string, string>,
): ImportRow | { line: number; message: string } {
  const row: ImportRow = {
    line,
    identity: {},
    attributes: {},
    tags: [],
    lists: [],
    scores: {},
    unsubscribe: false,
  };
  for (const [column, raw] of Object.entries(record)) {
    const cell = (raw ?? '').trim();
    if (cell === '') continue;
    if (column === 'email') {
      if (!Email.safeParse(cell).success) return { line, message: `email "${cell}" is not an email address` };
      row.identity.email = cell;
    } else if (column === 'externalId') {
      if (cell.length > 200) return { line, message: 'externalId is longer than 200 characters' };
      row.identity.externalId = cell;
    } else if (column === 'attributes') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(cell);
      } catch {
        return { line, message: 'attributes is not valid JSON' };
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        return { line, message: 'attributes must be a JSON object' };
      }
      for (const [k, v] of Object.entries(parsed))
        Object.defineProperty(row.attributes, k, {
          value: v,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    } else if (column === 'tags') row.tags = split(cell);
    else if (column === 'lists') row.lists = split(cell);
    else if (column === 'unsubscribed') row.unsubscribe = !/^(false|no|0)$/i.test(cell);
    else if (column.startsWith(SCORE_COLUMN_PREFIX)) {
      const name = column.slice(SCORE_COLUMN_PREFIX.length);
      const value = Number(cell);
      if (name === '' || !Number.isFinite(value))
        return { line, message: `${column} must be a number, not "${cell}"` };
      row.scores[name] = value;
    } else if (column.length > 0 && column.length <= 100) {
      Object.defineProperty(row.attributes, column, {
        value: typedCell(column, cell),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  if (!row.identity.email && !row.identity.externalId)
    return { line, message: 'a row needs an email or an externalId' };
  return row;
}

/**
 * Writes rows in the caller's transaction, with the same result as writing them one by one in order,
 * in a few statements per batch rather than several per row (each statement is a round trip on
 * PostgreSQL). Each contact is locked until the commit, as event processing locks it (PostgreSQL;
 * SQLite's write transactions take turns anyway), so neither loses the other's changes. Attributes
 * are written here only when the import does not start flows (otherwise they travel on the row's
 * `contact.imported` event, so attribute-changed triggers fire). Tags, lists and
 * scores are always written directly and never start flows; every score change still gets a ledger
 * row naming the import.
 */
export async function applyRows(
  store: Store,
  rows: readonly ImportRow[],
  options: { writeAttributes: boolean; importId: string },
): Promise<{ contactId: string; created: boolean }[]> {
  const contacts = await store.contactBatch.upsertMany(
    rows.map((row) => ({
      identity: row.identity,
      ...(options.writeAttributes ? { attributes: row.attributes } : {}),
    })),
  );
  const ids = contacts.map(({ contact }) => contact.id);
  const pairs = (names: (row: ImportRow) => string[]) =>
    rows.flatMap((row, i) => names(row).map((name) => ({ contactId: ids[i] ?? '', name })));
  await store.tags.addMany(pairs((row) => row.tags));
  await store.lists.addMany(pairs((row) => row.lists));
  await importScores(
    store,
    rows.flatMap((row, i) =>
      Object.entries(row.scores).map(([score, value]) => ({
        contactId: ids[i] ?? '',
        request: { score, value },
        cause: {
          causeKind: 'manual' as const,
          actor: 'csv-import',
          note: `CSV import ${options.importId}, line ${row.line}`,
        },
      })),
    ),
  );
  for (const [i, row] of rows.entries()) if (row.unsubscribe) await store.contacts.unsubscribe(ids[i] ?? '');
  return contacts.map(({ contact, created }) => ({ contactId: contact.id, created }));
}

/** A store error on a row (two contacts claim the identity) is that row's problem, not the import's. */
export const rowErrorMessage = (err: unknown): string =>
  isStoreError(err) ? err.message : `could not be imported: ${(err as Error).message}`;
