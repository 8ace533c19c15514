import { ScoringModel } from '@scoreflow/flow';
import { z } from 'zod';
import { Items, none, type Operation, ok } from './openapiSchemas.js';
import { BacktestRequest } from './scoringModels.js';

const tag = 'Scoring models';
const Model = z.looseObject({ id: z.string(), model: ScoringModel, flowId: z.string().nullable() });

/** The scoring model routes, for the OpenAPI document (spread into OPERATIONS). */
export const SCORING_MODEL_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/api/scoring-models',
    tag,
    summary: 'Scoring models',
    responses: ok('Models', Items),
  },
  {
    method: 'post',
    path: '/api/scoring-models',
    tag,
    summary: 'Create a scoring model (asset or action, stage, points or readiness per row)',
    body: ScoringModel,
    responses: { '201': { description: 'Created', schema: Model } },
  },
  {
    method: 'get',
    path: '/api/scoring-models/:id',
    tag,
    summary: 'One model',
    responses: ok('The model', Model),
  },
  {
    method: 'put',
    path: '/api/scoring-models/:id',
    tag,
    summary: 'Replace a model',
    body: ScoringModel,
    responses: ok('The model', Model),
  },
  { method: 'delete', path: '/api/scoring-models/:id', tag, summary: 'Delete a model', responses: none },
  {
    method: 'get',
    path: '/api/scoring-models/:id/export.csv',
    tag,
    summary: 'The rows as CSV',
    responses: { '200': { description: 'CSV', type: 'text/csv' } },
  },
  {
    method: 'post',
    path: '/api/scoring-models/:id/import.csv',
    tag,
    summary: 'Replace the rows from CSV (all or nothing; errors name the line)',
    body: z.string().describe('CSV with a header row: id, asset, event, filter_property, filter_op, ...'),
    bodyType: 'text/csv',
    responses: ok('The model', Model),
  },
  {
    method: 'post',
    path: '/api/scoring-models/:id/generate',
    tag,
    summary: 'Create or update the scoring flow (a draft) and show which nodes each row became',
    responses: { '200': { description: 'Updated' }, '201': { description: 'Created' } },
  },
  {
    method: 'post',
    path: '/api/scoring-models/:id/backtest',
    tag,
    summary: 'Replay the last N days of events through the model in memory; who would change band',
    body: BacktestRequest,
    responses: ok('Band movements'),
  },
];
