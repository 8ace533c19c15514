/**
 * The columns of a scoring model sheet and how the headers people actually write map onto them. A
 * marketer's sheet is three columns (asset, stage, score) titled however their spreadsheet has it
 * ("Asset name", "Stage", "Score"); an export adds the columns that map each asset to an event.
 */

/** Export order: the marketer's three columns first, then the readiness share and the event mapping. */
export const MODEL_CSV_COLUMNS = [
  'asset',
  'stage',
  'score',
  'readiness',
  'event',
  'filter_property',
  'filter_op',
  'filter_value',
  'id',
] as const;
export type ModelColumn = (typeof MODEL_CSV_COLUMNS)[number];

/** Header names (normalised by {@link normaliseHeader}) that mean one of the columns. */
const ALIASES: Record<string, ModelColumn> = {
  asset_name: 'asset',
  asset_or_action: 'asset',
  asset_action: 'asset',
  action: 'asset',
  name: 'asset',
  buying_stage: 'stage',
  // "points" is the name the table and the JSON use; older exports wrote it.
  points: 'score',
  score_points: 'score',
  sales_readiness: 'readiness',
  readiness_share: 'readiness',
  event_type: 'event',
  row_id: 'id',
};

/** "Sales-readiness %" → "sales_readiness", "Asset name" → "asset_name". */
export function normaliseHeader(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/%|\bpercent\b|\bpct\b/g, ' ')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** A header refused before any row is read: two headers meaning the same column. */
export class HeaderError extends Error {}

/**
 * The column each header stands for; unknown headers keep their normalised name and are ignored (a
 * sheet may carry notes). Two headers for the same column are refused: which one to trust is a guess.
 */
export function columnsOf(headers: readonly string[]): string[] {
  const known = new Set<string>(MODEL_CSV_COLUMNS);
  const seen = new Map<string, string>();
  return headers.map((header) => {
    const name = normaliseHeader(header);
    const column = ALIASES[name] ?? name;
    if (known.has(column)) {
      const before = seen.get(column);
      if (before !== undefined) {
        throw new HeaderError(
          `The columns "${before}" and "${header.trim()}" both give the ${column}: keep one`,
        );
      }
      seen.set(column, header.trim());
    }
    return column;
  });
}

/**
 * A number cell: blank is null; a typographic minus (−2) and, for a share, a trailing percent sign
 * ("30 %") are what spreadsheets write, so they read as the number. Anything else that is not a number
 * stays NaN for the row's validation to name.
 */
export function numberCell(cell: string | undefined, percent = false): number | null {
  let text = (cell ?? '').trim().replace(/^\u2212/, '-');
  if (percent) text = text.replace(/\s*%$/, '');
  return text === '' ? null : Number(text);
}

const MAX_ID = 40;

/** "White paper read" → "white-paper-read": a row id that reads well in node ids and the ledger. */
export function slugOf(asset: string): string {
  return asset
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_ID)
    .replace(/^-+|-+$/g, '');
}

/** `base`, or `base-2`, `base-3`... : the first that `used` does not hold yet, which it then holds. */
export function claimId(base: string, used: Set<string>): string {
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base.slice(0, MAX_ID - String(n).length - 1)}-${n}`;
  used.add(id);
  return id;
}
