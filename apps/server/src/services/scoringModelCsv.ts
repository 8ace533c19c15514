import {
  type PropertyFilter,
  ScoringModelRow as RowSchema,
  rowPoints,
  type ScalarValue,
  type ScoringModel,
  type ScoringModelRow,
  type ScoringModelRowInput,
} from '@scoreflow/flow';
import { parse } from 'csv-parse/sync';
import { type ProblemError, toJsonPointer } from '../http/errors.js';
import { csvReadOptions, csvString } from './csvCells.js';
import {
  claimId,
  columnsOf,
  HeaderError,
  MODEL_CSV_COLUMNS,
  numberCell,
  slugOf,
} from './scoringModelColumns.js';

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

/**
 * The model's rows as CSV with a header row: asset, stage and score (the points a row adds, computed
 * from its readiness share for readiness rows) as the marketer's sheet has them, then the readiness
 * share, the event mapping and the row id, so importing the file gives the same rows back.
 */
export function modelRowsToCsv(rows: readonly ScoringModelRow[], salesReadyScore = 100): string {
  return csvString(
    rows.map((r) => ({
      asset: r.asset,
      stage: r.stage,
      score: rowPoints(r, salesReadyScore),
      readiness: r.readiness ?? '',
      event: r.event ?? '',
      filter_property: r.filter?.property ?? '',
      filter_op: r.filter?.op ?? '',
      filter_value: valueCell(r.filter?.value),
      id: r.id,
    })),
    { header: true, columns: [...MODEL_CSV_COLUMNS] },
  );
}

/** What reading one record needs to know about the file and the model it goes into. */
interface ReadContext {
  columns: ReadonlySet<string>;
  salesReadyScore: number;
  /** The model's rows by asset name, each handed out once, for sheets without an event column. */
  previous: Map<string, ScoringModelRow[]>;
}

const assetKey = (asset: string) => asset.trim().toLowerCase();

function filterOf(record: Record<string, string>): PropertyFilter | null {
  const property = record.filter_property?.trim() ?? '';
  if (property === '') return null;
  const op = (record.filter_op?.trim() || 'eq') as PropertyFilter['op'];
  return op === 'exists' ? { property, op } : { property, op, value: readValue(record.filter_value ?? '') };
}

/**
 * One record as a row (its id settled later). Without an event column the sheet says nothing about
 * events, so a row keeps the event, filter and id of the model's row with the same asset name: a
 * marketer can edit the scores in their sheet and import it again without mapping every asset anew.
 */
function rowFromRecord(
  record: Record<string, string>,
  ctx: ReadContext,
): { row: ScoringModelRowInput; problems: { path: string; message: string }[] } {
  const cell = (name: string) => record[name]?.trim() ?? '';
  const asset = cell('asset');
  const carried =
    ctx.columns.has('event') || asset === '' ? undefined : ctx.previous.get(assetKey(asset))?.shift();
  const score = numberCell(record.score);
  const readiness = numberCell(record.readiness, true);
  const problems: { path: string; message: string }[] = [];
  if (score !== null && readiness !== null && Number.isFinite(score) && Number.isFinite(readiness)) {
    const expected = Math.round(readiness * ctx.salesReadyScore) / 100;
    // A sheet shows the computed score rounded; a different number means the two cells disagree.
    if (Math.abs(score - expected) > 0.5) {
      problems.push({
        path: 'points',
        message: `The score ${score} is not ${readiness} % of the sales-ready score ${ctx.salesReadyScore} (${expected}): clear one of the two`,
      });
    }
  }
  return {
    row: {
      id: ctx.columns.has('id') ? cell('id') : (carried?.id ?? ''),
      asset,
      event: ctx.columns.has('event') ? cell('event') || null : (carried?.event ?? null),
      filter: ctx.columns.has('filter_property') || !carried ? filterOf(record) : carried.filter,
      stage: cell('stage').toLowerCase() as ScoringModelRow['stage'],
      points: readiness === null ? score : null,
      readiness,
    },
    problems,
  };
}

/**
 * Rows without an id get one from their asset name ("white-paper-read"), else `r<n>`: stable across
 * imports of the same sheet even when it is reordered, so regenerating updates the same nodes.
 */
function settleIds(rows: ScoringModelRowInput[]): void {
  const used = new Set(rows.map((r) => r.id).filter((id) => id !== ''));
  rows.forEach((row, i) => {
    if (row.id === '') row.id = claimId(slugOf(row.asset ?? '') || `r${i + 1}`, used);
  });
}

/**
 * Reads model rows from CSV (header row first): the export's columns, or a marketer's plain sheet of
 * asset, stage and score, whose rows are kept as unmapped assets. Every bad row is reported with its
 * line (the header is line 1) and a pointer to the cell's field; nothing is returned then, so an import
 * replaces the table completely or not at all. `current` is the model imported into: its sales-ready
 * score checks score against readiness, and its rows lend their events to a sheet without events.
 */
export function modelRowsFromCsv(
  text: string,
  current?: ScoringModel,
): { rows: ScoringModelRowInput[] } | { errors: ProblemError[] } {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  let columns: string[] = [];
  try {
    records = parse(
      text,
      csvReadOptions({
        columns: (header: string[]) => {
          columns = columnsOf(header);
          return columns;
        },
        bom: true,
        skip_empty_lines: true,
        info: true,
      }),
    );
  } catch (err) {
    const code = err instanceof HeaderError ? 'csv_columns' : 'csv_unreadable';
    return { errors: [{ pointer: '', code, message: (err as Error).message }] };
  }
  const previous = new Map<string, ScoringModelRow[]>();
  for (const row of current?.rows ?? []) {
    previous.set(assetKey(row.asset), [...(previous.get(assetKey(row.asset)) ?? []), row]);
  }
  const ctx = { columns: new Set(columns), salesReadyScore: current?.salesReadyScore ?? 100, previous };
  const read = records.map(({ record, info }) => ({ ...rowFromRecord(record, ctx), line: info.lines }));
  const rows = read.map((r) => r.row);
  settleIds(rows);
  const errors: ProblemError[] = [];
  read.forEach(({ row, problems, line }, i) => {
    const parsed = RowSchema.safeParse(row);
    const issues = [
      ...problems.map((p) => ({ path: [p.path], message: p.message })),
      ...(parsed.success ? [] : parsed.error.issues),
    ];
    for (const issue of issues) {
      errors.push({ pointer: toJsonPointer(['rows', i, ...issue.path]), line, message: issue.message });
    }
  });
  return errors.length > 0 ? { errors } : { rows };
}
