import type {
  PropertyOp,
  ScalarValue,
  ScoringModel,
  ScoringModelInput,
  ScoringModelRowInput,
  ScoringStage,
} from '@scoreflow/flow';

/** A table row as the editor holds it: text fields, so half-typed values survive until saved. */
export interface RowDraft {
  id: string;
  asset: string;
  /** Blank while the asset is not mapped to an event. */
  event: string;
  filterProperty: string;
  filterOp: PropertyOp;
  filterValue: string;
  stage: ScoringStage;
  worthKind: 'points' | 'readiness';
  worth: string;
}

export interface ModelDraft {
  name: string;
  score: string;
  salesReadyScore: string;
  rows: RowDraft[];
}

const NUMERIC_OPS: readonly PropertyOp[] = ['gt', 'gte', 'lt', 'lte'];

export function draftOfModel(model: ScoringModel): ModelDraft {
  return {
    name: model.name,
    score: model.score,
    salesReadyScore: String(model.salesReadyScore),
    rows: model.rows.map((r) => ({
      id: r.id,
      asset: r.asset,
      event: r.event ?? '',
      filterProperty: r.filter?.property ?? '',
      filterOp: r.filter?.op ?? 'eq',
      filterValue: r.filter?.value === undefined ? '' : String(r.filter.value),
      stage: r.stage,
      worthKind: r.points === null ? 'readiness' : 'points',
      worth: String(r.points ?? r.readiness ?? ''),
    })),
  };
}

/** Comparison operators compare numbers; the others compare the text as typed. */
function filterValue(op: PropertyOp, text: string): ScalarValue {
  return NUMERIC_OPS.includes(op) && text.trim() !== '' && Number.isFinite(Number(text))
    ? Number(text)
    : text;
}

function rowInput(r: RowDraft): ScoringModelRowInput {
  const worth = r.worth.trim() === '' ? null : Number(r.worth);
  const property = r.filterProperty.trim();
  return {
    id: r.id,
    asset: r.asset,
    // A blank event is an unmapped asset, which the model keeps until someone maps it.
    event: r.event.trim() || null,
    filter: property
      ? r.filterOp === 'exists'
        ? { property, op: 'exists' }
        : { property, op: r.filterOp, value: filterValue(r.filterOp, r.filterValue) }
      : null,
    stage: r.stage,
    points: r.worthKind === 'points' ? worth : null,
    readiness: r.worthKind === 'readiness' ? worth : null,
  };
}

export function modelInputOf(d: ModelDraft): ScoringModelInput {
  return {
    name: d.name,
    score: d.score.trim(),
    salesReadyScore: Number(d.salesReadyScore),
    rows: d.rows.map(rowInput),
  };
}

/** A fresh row id: `r<n>`, the first number no row uses yet. */
export function nextRowId(rows: readonly RowDraft[]): string {
  const used = new Set(rows.map((r) => r.id));
  let n = rows.length + 1;
  while (used.has(`r${n}`)) n++;
  return `r${n}`;
}

export function emptyRow(rows: readonly RowDraft[]): RowDraft {
  return {
    id: nextRowId(rows),
    asset: '',
    event: '',
    filterProperty: '',
    filterOp: 'eq',
    filterValue: '',
    stage: 'awareness',
    worthKind: 'points',
    worth: '10',
  };
}

/** "/rows/2/stage" → "Row 3, stage"; other pointers are shown as the field name. */
export function describePointer(pointer: string): string {
  const parts = pointer.split('/').filter(Boolean);
  if (parts[0] === 'rows' && parts[1] !== undefined) {
    const rest = parts.slice(2).join('.');
    return `Row ${Number(parts[1]) + 1}${rest ? `, ${rest}` : ''}`;
  }
  return parts.join('.') || 'Model';
}
