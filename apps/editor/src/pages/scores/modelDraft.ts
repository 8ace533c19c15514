import type {
  PropertyOp,
  ScoringModel,
  ScoringModelInput,
  ScoringModelRowInput,
  ScoringStage,
} from '@scoreflow/flow';
import { type FitDraft, fitDraftOf, fitInputOf, typedValue } from './fitDraft.js';

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

/** The whole table as typed: name, engagement score and its rows, then the fit rules and grades. */
export interface ModelDraft extends FitDraft {
  name: string;
  score: string;
  salesReadyScore: string;
  rows: RowDraft[];
}

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
    ...fitDraftOf(model),
  };
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
        : { property, op: r.filterOp, value: typedValue(r.filterOp, r.filterValue) }
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
    ...fitInputOf(d),
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

/**
 * Where a problem is, in the page's words: "/rows/2/stage" → "Row 3, stage", "/fitRules/0/value" →
 * "Fit rule 1, value", "/grading/fit/B" → "Grades, fit B"; other pointers are shown as the field name.
 */
export function describePointer(pointer: string): string {
  const parts = pointer.split('/').filter(Boolean);
  const [head, index] = parts;
  if ((head === 'rows' || head === 'fitRules') && index !== undefined) {
    const rest = parts.slice(2).join('.');
    return `${head === 'rows' ? 'Row' : 'Fit rule'} ${Number(index) + 1}${rest ? `, ${rest}` : ''}`;
  }
  if (head === 'grading') return parts.length > 1 ? `Grades, ${parts.slice(1).join(' ')}` : 'Grades';
  if (head === 'fitScore') return 'Fit score';
  return parts.join('.') || 'Model';
}
