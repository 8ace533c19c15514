import { FlowDocument } from '@scoreflow/flow';
import { z } from 'zod';
import { ALL } from '../permissions.js';
import { created, ok, route } from '../route.js';

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
  /** 1 for the first pass; each support retry starts the next attempt. */
  attempt: z.number().int().min(1),
});
export type Run = z.infer<typeof Run>;

/** A run as support screens list it: with the contact's email and the flow's name, not only ids. */
export const RunListItem = Run.extend({
  /** Null when the contact has no email (known by external id only) or no longer exists. */
  contactEmail: z.string().nullable(),
  /** Null when the flow no longer exists. */
  flowName: z.string().nullable(),
});
export type RunListItem = z.infer<typeof RunListItem>;

export const RunPage = z.object({
  items: z.array(RunListItem),
  total: z.number().int(),
  counts: z.record(RunStatus, z.number().int()),
  limit: z.number().int(),
  offset: z.number().int(),
});
export type RunPage = z.infer<typeof RunPage>;

export const Step = z.object({
  /** The step's name within its run, `<nodeId>:<attempt>`: which node, which visit of it. */
  id: z.string(),
  nodeId: z.string(),
  nodeType: z.string(),
  /** Which visit of the node within the run this is (0 first). */
  attempt: z.number().int(),
  /** The run's attempt the step ran in: steps of earlier attempts are history, not the current state. */
  runAttempt: z.number().int().min(1),
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
    status: z
      .string()
      .describe(
        'pending, delivered or failed; not_sent for an email recorded while no email server was configured ' +
          '(the email as it would have gone: nobody received it)',
      ),
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
export const RunDetail = RunListItem.extend({
  document: FlowDocument.nullable(),
  triggerEvent: StoredEvent.nullable(),
  path: z.object({ nodeIds: z.array(z.string()), edgeIds: z.array(z.string()) }),
  waitingAt: z.array(z.string()),
  /** Nodes whose step failed in the current attempt and has not succeeded since. */
  failedAt: z.array(z.string()),
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
  /** Per Send email step, the sends a frequency cap held back over the same 30 days. */
  cappedByNode: z.record(z.string(), z.object({ skipped: z.number().int(), postponed: z.number().int() })),
});
export type FlowStats = z.infer<typeof FlowStats>;

/** A bound on `startedAt`: epoch milliseconds or ISO-8601 with an offset, read as epoch ms. */
const Instant = z
  .union([z.coerce.number().int(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))])
  .describe('epoch ms or ISO-8601');

/** What narrows the runs list; bulk retry takes the same filter, so "retry all" means what is shown. */
export const RunFilter = z.object({
  contactId: z.string().min(1).optional(),
  /** The contact's email, as support staff know it (case and surrounding spaces ignored). */
  contactEmail: z.string().trim().min(1).max(320).optional(),
  flowId: z.string().min(1).optional(),
  flowVersion: z.coerce.number().int().positive().optional(),
  status: RunStatus.optional(),
  from: Instant.optional(),
  to: Instant.optional(),
});
/** The filter as a caller writes it (the schema also takes epoch ms and coerces query text). */
export type RunFilter = {
  contactId?: string;
  contactEmail?: string;
  flowId?: string;
  flowVersion?: number;
  status?: RunStatus;
  /** ISO timestamps bounding `startedAt`. */
  from?: string;
  to?: string;
};

/** Bulk retry's filter: the list's, without the status (only failed runs are retried). */
export const RetryFilter = RunFilter.omit({ status: true });

export const RUN_SORTS = ['startedAt', 'endedAt', 'updatedAt', 'status'] as const;
export type RunSort = (typeof RUN_SORTS)[number];

export const RunQuery = RunFilter.extend({
  sort: z.enum(RUN_SORTS).default('startedAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
/** The runs list's query as a caller writes it. */
export type RunQuery = RunFilter & {
  sort?: RunSort | undefined;
  order?: 'asc' | 'desc' | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
};
// What callers write must be what the schema reads.
const _writable: z.input<typeof RunQuery> = {} as RunQuery;
void _writable;

const tag = 'Runs';
const action = (path: `/api/runs/:id/${string}`, summary: string, description: string) =>
  route({ method: 'post', path, permission: ALL, tag, summary, responses: ok(description, Run) });

export const RUNS = {
  list: route({
    method: 'get',
    path: '/api/runs',
    permission: ALL,
    tag,
    summary: 'Runs, filtered and sorted',
    query: RunQuery,
    responses: ok('Runs', RunPage),
  }),
  get: route({
    method: 'get',
    path: '/api/runs/:id',
    permission: ALL,
    tag,
    summary: 'A run with its steps, waits and outbox rows',
    responses: ok('The run', RunDetail),
  }),
  retry: action('/api/runs/:id/retry', 'Retry a failed run from its failed step', 'The run'),
  restart: route({
    method: 'post',
    path: '/api/runs/:id/restart',
    permission: ALL,
    tag,
    summary: 'Start the run again from its trigger',
    responses: created('The new run', Run),
  }),
  cancel: action('/api/runs/:id/cancel', 'Cancel a run', 'The run'),
  fastForward: action('/api/runs/:id/fast-forward', 'Fire the run’s pending wait now', 'The run'),
  retryMatching: route({
    method: 'post',
    path: '/api/runs/retry',
    permission: ALL,
    tag,
    summary: 'Retry every failed run matching a filter',
    body: RetryFilter,
    responses: ok('What was retried', BulkRetryResult),
  }),
  stats: route({
    method: 'get',
    path: '/api/flows/:id/stats',
    permission: ALL,
    tag,
    summary: 'Runs per status and edge counts of a flow',
    responses: ok('Statistics', FlowStats),
  }),
};
