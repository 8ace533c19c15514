import { AccountAggregate, DecayPolicy, ScoreBand, ScoreDefinition, ScoringModel } from '@scoreflow/flow';
import { z } from 'zod';
import { itemsOf } from '../common.js';
import { ALL, EDIT } from '../permissions.js';
import { created, csv, none, ok, route } from '../route.js';
import { LedgerEntry } from './contacts.js';
import { FlowSummary } from './flows.js';

/** A named score as the API answers it. */
export const ScoreRecord = z.object({
  name: z.string(),
  description: z.string(),
  floor: z.number().nullable(),
  cap: z.number().nullable(),
  decay: DecayPolicy.nullable(),
  bands: z.array(ScoreBand).nullable(),
  account: AccountAggregate,
});
export type ScoreRecord = z.infer<typeof ScoreRecord>;

/** A change by hand: set `value` or add `delta`, with a note for the ledger. */
export const ManualChange = z
  .object({
    /** Set the score to this value... */
    value: z.number().finite().optional(),
    /** ...or change it by this much. */
    delta: z.number().finite().optional(),
    /** Why, shown in the ledger ("called, not interested"). */
    note: z.string().trim().min(1).max(500),
  })
  .refine((b) => (b.value === undefined) !== (b.delta === undefined), {
    message: 'Give either value or delta',
    path: ['value'],
  });

export const RowNodes = z.object({ trigger: z.string(), action: z.string(), edge: z.string() });
export type RowNodes = z.infer<typeof RowNodes>;

export const ScoringModelRecord = z.object({
  id: z.string(),
  model: ScoringModel,
  flowId: z.string().nullable(),
  mapping: z.record(z.string(), RowNodes).nullable(),
  generatedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type ScoringModelRecord = z.infer<typeof ScoringModelRecord>;

export const ScoringModelSummary = z.object({
  id: z.string(),
  name: z.string(),
  rowCount: z.number(),
  flowId: z.string().nullable(),
  updatedAt: z.string(),
});

/** An event type seen in the stored events: what an imported sheet's asset can be mapped to. */
export const EventTypeSuggestion = z.object({
  type: z.string(),
  /** How many stored events have this type. */
  count: z.number(),
  lastSeenAt: z.string(),
  /** Ids of the model's rows already mapped to this type. */
  rows: z.array(z.string()),
});
export type EventTypeSuggestion = z.infer<typeof EventTypeSuggestion>;

export const Generated = z.object({
  model: ScoringModelRecord,
  flow: FlowSummary,
  created: z.boolean(),
  mapping: z.record(z.string(), RowNodes),
});
export type Generated = z.infer<typeof Generated>;

/** How far back a backtest may replay: a year of events. */
export const MAX_BACKTEST_DAYS = 365;

export const BacktestRequest = z.object({
  days: z.number().int().min(1).max(MAX_BACKTEST_DAYS).default(30),
  /** Unsaved edits of the table to test instead of the stored model. */
  model: ScoringModel.optional(),
});

const Band = z.string().nullable();
export const BacktestResult = z.object({
  days: z.number(),
  since: z.string(),
  score: z.string(),
  contacts: z.number(),
  events: z.number(),
  moved: z.number(),
  transitions: z.array(z.object({ from: Band, to: Band, count: z.number() })),
  movements: z.array(
    z.object({
      contactId: z.string(),
      email: z.string().nullable(),
      scoreNow: z.number(),
      scoreModel: z.number(),
      bandNow: Band,
      bandModel: Band,
    }),
  ),
  /**
   * With attribute rules or grading: the same contacts' fit (their current attributes under the
   * model's rules, against their stored fit score) and, with grading, who would change grade.
   */
  fit: z
    .object({
      score: z.string(),
      /** Contacts whose fit score would differ from their stored one. */
      changed: z.number(),
      /** With grading: contacts whose grade would change, and between which grades. */
      gradesMoved: z.number(),
      gradeTransitions: z.array(z.object({ from: z.string(), to: z.string(), count: z.number() })),
      movements: z.array(
        z.object({
          contactId: z.string(),
          email: z.string().nullable(),
          fitNow: z.number(),
          fitModel: z.number(),
          gradeNow: z.string().nullable(),
          gradeModel: z.string().nullable(),
        }),
      ),
    })
    .nullable(),
});
export type BacktestResult = z.infer<typeof BacktestResult>;

/** What applying a model's attribute rules to every contact did. */
export const FitApplied = z.object({
  /** Contacts looked at (every contact). */
  contacts: z.number(),
  /** Contacts whose fit score changed. */
  changed: z.number(),
});
export type FitApplied = z.infer<typeof FitApplied>;

const scores = 'Scores';
const models = 'Scoring models';

export const SCORES = {
  list: route({
    method: 'get',
    path: '/api/scores',
    permission: ALL,
    tag: scores,
    summary: 'Named scores',
    responses: ok('Scores', itemsOf(ScoreRecord)),
  }),
  get: route({
    method: 'get',
    path: '/api/scores/:name',
    permission: ALL,
    tag: scores,
    summary: 'One named score',
    responses: ok('The score', ScoreRecord),
  }),
  save: route({
    method: 'put',
    path: '/api/scores/:name',
    permission: EDIT,
    tag: scores,
    summary: 'Create or replace a named score',
    body: ScoreDefinition,
    responses: { ...ok('Replaced', ScoreRecord), ...created('Created', ScoreRecord) },
  }),
  remove: route({
    method: 'delete',
    path: '/api/scores/:name',
    permission: EDIT,
    tag: scores,
    summary: 'Delete a named score (not SCORE)',
    responses: none,
  }),
  change: route({
    method: 'post',
    path: '/api/contacts/:id/scores/:name',
    permission: ALL,
    tag: 'Contacts',
    summary: 'Change a score by hand (set a value or add a delta, with a note for the ledger)',
    body: ManualChange,
    responses: created('The ledger row', LedgerEntry),
  }),
};

const Model = ScoringModelRecord;

export const SCORING_MODELS = {
  list: route({
    method: 'get',
    path: '/api/scoring-models',
    permission: ALL,
    tag: models,
    summary: 'Scoring models',
    responses: ok('Models', itemsOf(ScoringModelSummary)),
  }),
  create: route({
    method: 'post',
    path: '/api/scoring-models',
    permission: EDIT,
    tag: models,
    summary: 'Create a scoring model (asset or action, stage, points or readiness per row)',
    body: ScoringModel,
    responses: created('Created', Model),
  }),
  get: route({
    method: 'get',
    path: '/api/scoring-models/:id',
    permission: ALL,
    tag: models,
    summary: 'One model',
    responses: ok('The model', Model),
  }),
  save: route({
    method: 'put',
    path: '/api/scoring-models/:id',
    permission: EDIT,
    tag: models,
    summary: 'Replace a model',
    body: ScoringModel,
    responses: ok('The model', Model),
  }),
  remove: route({
    method: 'delete',
    path: '/api/scoring-models/:id',
    permission: EDIT,
    tag: models,
    summary: 'Delete a model',
    responses: none,
  }),
  exportCsv: route({
    method: 'get',
    path: '/api/scoring-models/:id/export.csv',
    permission: ALL,
    tag: models,
    summary: 'The rows as CSV',
    responses: csv('CSV'),
  }),
  importCsv: route({
    method: 'post',
    path: '/api/scoring-models/:id/import.csv',
    permission: EDIT,
    tag: models,
    summary:
      'Replace the rows from CSV (all or nothing; errors name the line). A sheet of asset, stage, score ' +
      'is enough: rows without an event are kept as unmapped assets',
    body: z
      .string()
      .describe('CSV with a header row: asset, stage, score, readiness, event, filter_property, ..., id'),
    bodyType: 'text/csv',
    responses: ok('The model', Model),
  }),
  generate: route({
    method: 'post',
    path: '/api/scoring-models/:id/generate',
    permission: EDIT,
    tag: models,
    summary:
      'Create or update the scoring flow (a draft) and show which nodes each row became; 422 names ' +
      'every row not mapped to an event yet',
    responses: { ...ok('Updated', Generated), ...created('Created', Generated) },
  }),
  eventSuggestions: route({
    method: 'get',
    path: '/api/scoring-models/:id/event-suggestions',
    permission: ALL,
    tag: models,
    summary: 'Event types seen in the stored events, most frequent first, with counts: what to map rows to',
    responses: ok('Event types', itemsOf(EventTypeSuggestion)),
  }),
  backtest: route({
    method: 'post',
    path: '/api/scoring-models/:id/backtest',
    permission: ALL,
    tag: models,
    summary: 'Replay the last N days of events through the model in memory; who would change band',
    body: BacktestRequest,
    responses: ok('Band movements', BacktestResult),
  }),
  applyFit: route({
    method: 'post',
    path: '/api/scoring-models/:id/apply-fit',
    permission: EDIT,
    tag: models,
    summary:
      "Apply the model's attribute rules to every contact now (they apply to attribute changes by " +
      'themselves; this brings contacts that did not change since the rules were saved up to date)',
    responses: ok('Counts', FitApplied),
  }),
};
