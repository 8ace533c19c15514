import { FlowDocument } from '@scoreflow/flow';
import { z } from 'zod';
import { request } from './client.js';

export const RUN_STATUSES = ['running', 'waiting', 'completed', 'exited', 'failed', 'cancelled'] as const;
export const RunStatus = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof RunStatus>;

/** One contact's pass through one flow version, as the runs list shows it. */
export const Run = z.object({
  id: z.string(),
  flowId: z.string(),
  flowVersion: z.number().int(),
  contactId: z.string(),
  status: RunStatus,
  triggerEventId: z.string().nullable(),
  currentNodeId: z.string().nullable(),
  startedAt: z.string(),
  updatedAt: z.string(),
  endedAt: z.string().nullable(),
  exitReason: z.string().nullable(),
  error: z.string().nullable(),
  retryOf: z.string().nullable(),
});
export type Run = z.infer<typeof Run>;

export const RunPage = z.object({
  items: z.array(Run),
  total: z.number().int(),
  counts: z.record(RunStatus, z.number().int()),
  limit: z.number().int(),
  offset: z.number().int(),
});
export type RunPage = z.infer<typeof RunPage>;

export const Step = z.object({
  id: z.string(),
  nodeId: z.string(),
  nodeType: z.string(),
  attempt: z.number().int(),
  status: z.enum(['ok', 'error', 'skipped']),
  input: z.unknown(),
  output: z.unknown(),
  error: z.string().nullable(),
  startedAt: z.string(),
  endedAt: z.string(),
});
export type Step = z.infer<typeof Step>;

export const OutboxItem = z
  .object({
    id: z.string(),
    kind: z.string(),
    runId: z.string().nullable(),
    nodeId: z.string().nullable(),
    status: z.string(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    payload: z.unknown(),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
  })
  .loose();
export type OutboxItem = z.infer<typeof OutboxItem>;

export const StoredEvent = z
  .object({
    id: z.string(),
    type: z.string(),
    payload: z.unknown(),
    occurredAt: z.string(),
    receivedAt: z.string(),
    status: z.string(),
    error: z.string().nullable(),
  })
  .loose();
export type StoredEvent = z.infer<typeof StoredEvent>;

export const RunAction = z.object({
  action: z.string(),
  actor: z.string(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
});
export type RunAction = z.infer<typeof RunAction>;

export const Wait = z
  .object({ id: z.string(), nodeId: z.string(), kind: z.string(), status: z.string(), dueAt: z.string() })
  .loose();

/** A run with everything support needs to explain it: the version that ran, its path and its effects. */
export const RunDetail = Run.extend({
  document: FlowDocument.nullable(),
  triggerEvent: StoredEvent.nullable(),
  path: z.object({ nodeIds: z.array(z.string()), edgeIds: z.array(z.string()) }),
  waitingAt: z.array(z.string()),
  steps: z.array(Step),
  waits: z.array(Wait),
  outbox: z.array(OutboxItem),
  actions: z.array(RunAction),
});
export type RunDetail = z.infer<typeof RunDetail>;

export const BulkRetryResult = z.object({
  retried: z.array(z.string()),
  failed: z.array(z.object({ runId: z.string(), error: z.string() })),
});
export type BulkRetryResult = z.infer<typeof BulkRetryResult>;

export const FlowStats = z.object({
  waitingByNode: z.record(z.string(), z.number()),
  edgeCounts: z.record(z.string(), z.number()),
});
export type FlowStats = z.infer<typeof FlowStats>;

/** What narrows the runs list; bulk retry takes the same filter (without status) so it means what is shown. */
export type RunFilter = {
  flowId?: string;
  flowVersion?: number;
  status?: RunStatus;
  contactId?: string;
  /** ISO timestamps bounding `startedAt`. */
  from?: string;
  to?: string;
};
export const RUN_SORTS = ['startedAt', 'endedAt', 'updatedAt', 'status'] as const;
export type RunSort = (typeof RUN_SORTS)[number];
export type RunQuery = RunFilter & {
  sort?: RunSort;
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
};

const enc = encodeURIComponent;

function queryString(q: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Typed access to the run history API; every answer is parsed. */
export const runsApi = {
  list: (q: RunQuery) => request('GET', `/api/runs${queryString(q)}`, RunPage),
  get: (id: string) => request('GET', `/api/runs/${enc(id)}`, RunDetail),
  retry: (id: string) => request('POST', `/api/runs/${enc(id)}/retry`, Run),
  restart: (id: string) => request('POST', `/api/runs/${enc(id)}/restart`, Run),
  cancel: (id: string) => request('POST', `/api/runs/${enc(id)}/cancel`, Run),
  fastForward: (id: string) => request('POST', `/api/runs/${enc(id)}/fast-forward`, Run),
  /** Retries every failed run matching the filter, on every page (the server collects them). */
  retryMatching: ({ status: _status, ...filter }: RunFilter) =>
    request('POST', '/api/runs/retry', BulkRetryResult, filter),
  stats: (flowId: string) => request('GET', `/api/flows/${enc(flowId)}/stats`, FlowStats),
};
