import {
  type PropertyFilter,
  ScoringModelRow as RowSchema,
  type ScalarValue,
  type ScoringModelRow,
  type ScoringModelRowInput,
} from '@scoreflow/flow';
import { parse } from 'csv-parse/sync';
import { type ProblemError, toJsonPointer } from '../http/errors.js';
import { csvReadOptions, csvString } from './csvCells.js';

/** The columns of a scoring model CSV, in export order; `points` or `readiness` is filled, not both. */
export const MODEL_CSV_COLUMNS = [
  'id',
  'asset',
  'event',
  'filter_property',
  'filter_op',
  'filter_value',
  'stage',
  'points',
  'readiness',
] as const;

/**
 * A filter value as a cell. Strings that would read back as another type ("10", "true") or that start with
 * a quote are written as JSON, so a value keeps its type through export and import. Numbers stay numbers,
 * so the CSV writer knows a negative one is data and not a formula.
 */
function valueCell(value: ScalarValue | undefined): string | number {
  if (value === undefined) return '';
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return String(value);
  return readValue(value) === value ? value : JSON.stringify(value);
}

function readValue(cell: string): ScalarValue {
  if (cell.startsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(cell);
      if (typeof parsed === 'string') return parsed;
    } catch {
      // Not JSON after all: the text itself is the value.
    }
    return cell;
  }
  if (cell === 'true' || cell === 'false') return cell === 'true';
  const n = Number(cell);
  return cell.trim() !== '' && Number.isFinite(n) ? n : cell;
}

/** The model's rows as CSV with a header row. */
export function modelRowsToCsv(rows: readonly ScoringModelRow[]): string {
  return csvString(
    rows.map((r) => ({
      id: r.id,
      asset: r.asset,
      event: r.event,
      filter_property: r.filter?.property ?? '',
      filter_op: r.filter?.op ?? '',
      filter_value: valueCell(r.filter?.value),
      stage: r.stage,
      points: r.points ?? '',
      readiness: r.readiness ?? '',
    })),
    { header: true, columns: [...MODEL_CSV_COLUMNS] },
  );
}

const numberOrNull = (cell: string | undefined) =>
  cell === undefined || cell.trim() === '' ? null : Number(cell);

function rowFromRecord(record: Record<string, string>, index: number): ScoringModelRowInput {
  const cell = (name: string) => record[name]?.trim() ?? '';
  let filter: PropertyFilter | null = null;
  if (cell('filter_property') !== '') {
    const op = (cell('filter_op') || 'eq') as PropertyFilter['op'];
    const raw = record.filter_value ?? '';
    filter =
      op === 'exists'
        ? { property: cell('filter_property'), op }
        : { property: cell('filter_property'), op, value: readValue(raw) };
  }
  return {
    id: cell('id') || `r${index + 1}`,
    asset: cell('asset'),
    event: cell('event'),
    filter,
    stage: cell('stage') as ScoringModelRow['stage'],
    points: numberOrNull(record.points),
    readiness: numberOrNull(record.readiness),
  };
}

/**
 * Reads model rows from CSV (header row first; rows without an id get `r<n>`). Every bad row is reported
 * with its line (the header is line 1) and a pointer to the cell's field; nothing is returned then, so an
 * import replaces the table completely or not at all.
 */
export function modelRowsFromCsv(
  text: string,
): { rows: ScoringModelRowInput[] } | { errors: ProblemError[] } {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(
      text,
      csvReadOptions({
        columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
        bom: true,
        skip_empty_lines: true,
        info: true,
      }),
    );
  } catch (err) {
    return { errors: [{ pointer: '', code: 'csv_unreadable', message: (err as Error).message }] };
  }
  const rows: ScoringModelRowInput[] = [];
  const errors: ProblemError[] = [];
  records.forEach(({ record, info }, i) => {
    const row = rowFromRecord(record, i);
    const parsed = RowSchema.safeParse(row);
    if (parsed.success) rows.push(row);
    else
      for (const issue of parsed.error.issues) {
        errors.push({
          pointer: toJsonPointer(['rows', i, ...issue.path]),
          line: info.lines,
          message: issue.message,
        });
      }
  });
  return errors.length > 0 ? { errors } : { rows };
}
