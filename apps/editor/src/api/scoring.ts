import { API } from '@scoreflow/api';
import type { ScoreDefinitionInput, ScoringModelInput } from '@scoreflow/flow';
import { call, hrefOf } from './client.js';

/** Named scores: bounds, decay policy and bands. */
export const scoresApi = {
  list: async () => (await call(API.scores.list)).items,
  save: (def: ScoreDefinitionInput) => call(API.scores.save, { params: { name: def.name }, body: def }),
  remove: (name: string) => call(API.scores.remove, { params: { name } }),
  /** A manual change: set `value` or add `delta`; the answer is the new ledger row. */
  change: (id: string, name: string, change: { value?: number; delta?: number; note: string }) =>
    call(API.scores.change, { params: { id, name }, body: change }),
};

/** Scoring model tables, their CSV, the flow they generate, their backtest and their fit rules. */
export const scoringModelsApi = {
  list: async () => (await call(API.scoringModels.list)).items,
  get: (id: string) => call(API.scoringModels.get, { params: { id } }),
  create: (model: ScoringModelInput) => call(API.scoringModels.create, { body: model }),
  save: (id: string, model: ScoringModelInput) =>
    call(API.scoringModels.save, { params: { id }, body: model }),
  remove: (id: string) => call(API.scoringModels.remove, { params: { id } }),
  importCsv: (id: string, csv: string) => call(API.scoringModels.importCsv, { params: { id }, text: csv }),
  exportUrl: (id: string) => hrefOf(API.scoringModels.exportCsv, { id }),
  generate: (id: string) => call(API.scoringModels.generate, { params: { id } }),
  /** The event types seen in the stored events, with counts: what to map the model's rows to. */
  eventSuggestions: async (id: string) =>
    (await call(API.scoringModels.eventSuggestions, { params: { id } })).items,
  /** Replays recent events through `model` (unsaved edits) or, without it, the stored model. */
  backtest: (id: string, days: number, model?: ScoringModelInput) =>
    call(API.scoringModels.backtest, { params: { id }, body: model ? { days, model } : { days } }),
  /** Applies the saved fit rules to every contact now; answers how many contacts changed of how many. */
  applyFit: (id: string) => call(API.scoringModels.applyFit, { params: { id } }),
};
