import { z } from 'zod';
import { CURRENT_SCHEMA_VERSION, type FlowDocument, type FlowEdge, type FlowNode } from './document.js';
import { DEFAULT_FIT_SCORE, FitRule, Grading, MAX_FIT_RULES } from './grades.js';
import { DEFAULT_SCORE, EventType, PropertyFilter, ScoreName } from './nodes/fields.js';

/** The buying stages a scoring row belongs to, earliest first. */
export const SCORING_STAGES = ['awareness', 'engagement', 'consideration', 'purchase'] as const;
export const ScoringStage = z.enum(SCORING_STAGES);
export type ScoringStage = z.infer<typeof ScoringStage>;

/** Most rows a model may hold: two nodes per row stay well under a flow's 500-node limit. */
export const MAX_SCORING_ROWS = 200;

/** Row ids become part of node ids, so they keep to characters that read well in a URL and a ledger. */
export const ScoringRowId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,40}$/, 'Use 1 to 40 letters, digits, "_" or "-"');

/**
 * One row of the three-column model: an asset or action (an event type, optionally narrowed by one
 * property filter), its stage, and its worth — either points, or a sales-readiness percentage that is
 * multiplied by the model's sales-ready score ("a whitepaper is 30 % sales-ready"). A row without an
 * event is an unmapped asset: a marketer's sheet names assets, not event types, so rows are kept as they
 * were imported and mapped later; such a row must have its asset name, and no flow is built until it has
 * an event.
 */
export const ScoringModelRow = z
  .strictObject({
    id: ScoringRowId,
    /** What people call the asset or action ("Pricing page", "Whitepaper"). */
    asset: z.string().trim().max(200).default(''),
    /** null while the asset is not mapped to the event type that stands for it. */
    event: EventType.nullable().default(null),
    filter: PropertyFilter.nullable().default(null),
    stage: ScoringStage,
    points: z.number().finite().nullable().default(null),
    /** Percent of the sales-ready score; negative for actions that show lost interest. */
    readiness: z.number().min(-100).max(100).nullable().default(null),
  })
  .superRefine((row, ctx) => {
    if (row.event === null && row.asset === '') {
      ctx.addIssue({
        code: 'custom',
        message: 'Give the event this row scores, or at least the asset name',
        path: ['event'],
      });
    }
    if (row.event === null && row.filter !== null) {
      ctx.addIssue({
        code: 'custom',
        message: 'A filter narrows an event: map the row to an event first',
        path: ['filter'],
      });
    }
    if ((row.points === null) === (row.readiness === null)) {
      ctx.addIssue({
        code: 'custom',
        message: 'Give either points or a readiness percent',
        path: ['points'],
      });
    } else if (row.points === 0 || row.readiness === 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'A row worth 0 points changes nothing',
        path: [row.points === 0 ? 'points' : 'readiness'],
      });
    }
  });
export type ScoringModelRow = z.infer<typeof ScoringModelRow>;
export type ScoringModelRowInput = z.input<typeof ScoringModelRow>;

/**
 * A scoring model: which score it feeds, what "100 % sales-ready" is worth, and its rows (behaviour:
 * the engagement axis); its attribute rules (who the contact is: the fit axis, into `fitScore`); and,
 * when `grading` is set, where each grade of the two axes starts (A1-D4).
 */
export const ScoringModel = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    score: ScoreName.default(DEFAULT_SCORE),
    salesReadyScore: z.number().positive().max(1_000_000).default(100),
    rows: z.array(ScoringModelRow).max(MAX_SCORING_ROWS).default([]),
    fitScore: ScoreName.default(DEFAULT_FIT_SCORE),
    fitRules: z.array(FitRule).max(MAX_FIT_RULES).default([]),
    grading: Grading.nullable().default(null),
  })
  .superRefine((model, ctx) => {
    if (model.fitScore === model.score)
      ctx.addIssue({
        code: 'custom',
        message: 'The fit score must be another score than the one the rows add to',
        path: ['fitScore'],
      });
    refuseRepeatedIds(model.fitRules, 'fitRules', 'Rule', ctx);
    refuseRepeatedIds(model.rows, 'rows', 'Row', ctx);
    model.rows.forEach((row, i) => {
      if (row.readiness !== null && rowPoints(row, model.salesReadyScore) === 0)
        ctx.addIssue({
          code: 'custom',
          message: 'This share rounds to 0 points',
          path: ['rows', i, 'readiness'],
        });
    });
  });
export type ScoringModel = z.infer<typeof ScoringModel>;

/** Row and rule ids name ledger causes and node ids: each one points at the second use of an id. */
function refuseRepeatedIds(
  items: readonly { id: string }[],
  field: 'rows' | 'fitRules',
  word: string,
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  items.forEach(({ id }, i) => {
    if (seen.has(id))
      ctx.addIssue({ code: 'custom', message: `${word} id "${id}" appears twice`, path: [field, i, 'id'] });
    seen.add(id);
  });
}

export type ScoringModelInput = z.input<typeof ScoringModel>;

/** The points a row adds: its own, or its readiness share of the sales-ready score (to 2 decimals). */
export function rowPoints(row: ScoringModelRow, salesReadyScore: number): number {
  if (row.points !== null) return row.points;
  return Math.round((row.readiness ?? 0) * salesReadyScore) / 100;
}

/** A row that is mapped to an event, the only kind a flow can be built from. */
export type MappedScoringRow = ScoringModelRow & { event: string };

export const isMapped = (row: ScoringModelRow): row is MappedScoringRow => row.event !== null;

/** The rows still without an event, with their position in the table (for pointers like /rows/3/event). */
export function unmappedRows(model: ScoringModel): { index: number; row: ScoringModelRow }[] {
  return model.rows.flatMap((row, index) => (isMapped(row) ? [] : [{ index, row }]));
}

/** The flow nodes one model row became. */
export interface RowNodes {
  trigger: string;
  action: string;
  edge: string;
}

/** Node ids are derived from the row id, so regenerating keeps them and the ledger stays readable. */
export function rowNodeIds(rowId: string): RowNodes {
  return { trigger: `row-${rowId}-trigger`, action: `row-${rowId}-score`, edge: `row-${rowId}-edge` };
}

/** A scoring flow built from a model, and which nodes each row became. */
export interface ScoringFlow {
  document: FlowDocument;
  mapping: Record<string, RowNodes>;
}

const COLUMN_WIDTH = 280;
const ROW_HEIGHT = 140;

/**
 * Builds the lead-scoring flow for a model: one `trigger.event → action.adjustScore` branch per row, with
 * re-entry `always` (every click must add its points). Pure and deterministic, so the editor can preview
 * what the server will store. Unmapped rows have nothing to trigger on and are left out (so a backtest
 * replays what the mapped rows would do); the server refuses to generate while any row is unmapped. A
 * model without mapped rows gives a document without a trigger (a `no_trigger` error): callers refuse to
 * generate it.
 */
export function buildScoringFlow(model: ScoringModel, options: { flowName?: string } = {}): ScoringFlow {
  const nodes: FlowNode[] = [];
  const edges: FlowEdge[] = [];
  const mapping: Record<string, RowNodes> = {};
  model.rows.filter(isMapped).forEach((row, i) => {
    const ids = rowNodeIds(row.id);
    mapping[row.id] = ids;
    const x = i * COLUMN_WIDTH;
    const asset = row.asset || row.event;
    nodes.push({
      id: ids.trigger,
      type: 'trigger.event',
      position: { x, y: 0 },
      config: row.filter ? { event: row.event, where: [row.filter] } : { event: row.event },
      label: `${asset} (${row.stage})`.slice(0, 200),
    });
    nodes.push({
      id: ids.action,
      type: 'action.adjustScore',
      position: { x, y: ROW_HEIGHT },
      config: { score: model.score, delta: rowPoints(row, model.salesReadyScore) },
    });
    edges.push({ id: ids.edge, source: ids.trigger, target: ids.action });
  });
  return {
    document: {
      schemaVersion: CURRENT_SCHEMA_VERSION,
      settings: {
        name: (options.flowName ?? `Scoring model: ${model.name}`).slice(0, 200),
        description: `Generated from the scoring model "${model.name}"; edit the model, not this flow.`,
        reentry: { mode: 'always' },
        exits: [],
      },
      nodes,
      edges,
    },
    mapping,
  };
}
