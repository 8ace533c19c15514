import {
  DecayPolicy,
  ScoreBand,
  type ScoreDefinitionInput,
  ScoringModel,
  type ScoringModelInput,
} from '@scoreflow/flow';
import { z } from 'zod';
import { ApiError } from './client.js';
import { LedgerEntry } from './contacts.js';
import { FlowSummary } from './schemas.js';
import { onUnauthorized, sessionHeaders } from './session.js';

/** A named score as the API answers it. */
export const ScoreRecord = z.object({
  name: z.string(),
  description: z.string(),
  floor: z.number().nullable(),
  cap: z.number().nullable(),
  decay: DecayPolicy.nullable(),
  bands: z.array(ScoreBand).nullable(),
});
export type ScoreRecord = z.infer<typeof ScoreRecord>;

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

export const Generated = z.object({
  model: ScoringModelRecord,
  flow: FlowSummary,
  created: z.boolean(),
  mapping: z.record(z.string(), RowNodes),
});
export type Generated = z.infer<typeof Generated>;

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
});
export type BacktestResult = z.infer<typeof BacktestResult>;

// Problems from body validation carry pointers but no severity, which the flow client's schema expects.
const LooseProblem = z.object({
  title: z.string().optional(),
  detail: z.string().optional(),
  errors: z
    .array(z.object({ pointer: z.string(), message: z.string(), code: z.string().optional() }).loose())
    .optional(),
});

async function call<S extends z.ZodType>(
  method: string,
  path: string,
  schema: S | null,
  body?: { json: unknown } | { csv: string },
): Promise<z.infer<S>> {
  let res: Response;
  try {
    const session = await sessionHeaders(method);
    res = await fetch(path, {
      method,
      headers: {
        ...session,
        ...(body === undefined
          ? { accept: 'application/json' }
          : { 'content-type': 'json' in body ? 'application/json' : 'text/csv' }),
      },
      body: body === undefined ? undefined : 'json' in body ? JSON.stringify(body.json) : body.csv,
    });
  } catch {
    throw new ApiError('Cannot reach the Scoreflow server. Is it running?', 0, 'network');
  }
  if (res.status === 401) onUnauthorized();
  if (!res.ok) {
    const problem = LooseProblem.safeParse(await res.json().catch(() => undefined));
    const p = problem.success ? problem.data : {};
    const message = [p.title, p.detail].filter(Boolean).join(': ') || `The server answered ${res.status}`;
    const errors = (p.errors ?? []).map((e) => ({
      code: e.code ?? 'invalid',
      severity: 'error' as const,
      message: e.message,
      pointer: e.pointer,
    }));
    throw new ApiError(message, res.status, `http-${res.status}`, errors);
  }
  if (schema === null || res.status === 204) return undefined as z.infer<S>;
  const parsed = schema.safeParse(await res.json());
  if (!parsed.success) throw new ApiError(`Unexpected answer from ${path}`, res.status, 'bad-response');
  return parsed.data;
}

const enc = encodeURIComponent;
const models = '/api/scoring-models';

/** Named scores: bounds, decay policy and bands. */
export const scoresApi = {
  list: async () => (await call('GET', '/api/scores', z.object({ items: z.array(ScoreRecord) }))).items,
  save: (def: ScoreDefinitionInput) =>
    call('PUT', `/api/scores/${enc(def.name)}`, ScoreRecord, { json: def }),
  remove: (name: string) => call('DELETE', `/api/scores/${enc(name)}`, null),
  /** A manual change: set `value` or add `delta`; the answer is the new ledger row. */
  change: (contactId: string, score: string, change: { value?: number; delta?: number; note: string }) =>
    call('POST', `/api/contacts/${enc(contactId)}/scores/${enc(score)}`, LedgerEntry, { json: change }),
};

/** Scoring model tables, their CSV, the flow they generate and their backtest. */
export const scoringModelsApi = {
  list: async () => (await call('GET', models, z.object({ items: z.array(ScoringModelSummary) }))).items,
  get: (id: string) => call('GET', `${models}/${enc(id)}`, ScoringModelRecord),
  create: (model: ScoringModelInput) => call('POST', models, ScoringModelRecord, { json: model }),
  save: (id: string, model: ScoringModelInput) =>
    call('PUT', `${models}/${enc(id)}`, ScoringModelRecord, { json: model }),
  remove: (id: string) => call('DELETE', `${models}/${enc(id)}`, null),
  importCsv: (id: string, csv: string) =>
    call('POST', `${models}/${enc(id)}/import.csv`, ScoringModelRecord, { csv }),
  exportUrl: (id: string) => `${models}/${enc(id)}/export.csv`,
  generate: (id: string) => call('POST', `${models}/${enc(id)}/generate`, Generated),
  /** Replays recent events through `model` (unsaved edits) or, without it, the stored model. */
  backtest: (id: string, days: number, model?: ScoringModelInput) =>
    call('POST', `${models}/${enc(id)}/backtest`, BacktestResult, {
      json: model ? { days, model } : { days },
    }),
};
