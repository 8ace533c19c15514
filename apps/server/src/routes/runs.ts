import { RunActionError, type RunControl } from '@scoreflow/runtime';
import type { RunFilter, Store } from '@scoreflow/store';
import type { Request, Router } from 'express';
import { z } from 'zod';
import { ALL } from '../auth/permissions.js';
import { AppError, notFound } from '../http/errors.js';
import { guardedRouter } from '../http/guardedRouter.js';
import { JSON_LIMITS, jsonWrites } from '../http/jsonBody.js';
import { parseBody } from '../http/validate.js';

const RUN_STATUSES = ['running', 'waiting', 'completed', 'exited', 'failed', 'cancelled'] as const;
const Timestamp = z.union([
  z.coerce.number().int(),
  z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
]);

/** The filter of the runs list, shared by listing and bulk retry so "retry all" means what the list shows. */
const RunFilterQuery = z.object({
  contactId: z.string().min(1).optional(),
  flowId: z.string().min(1).optional(),
  flowVersion: z.coerce.number().int().positive().optional(),
  status: z.enum(RUN_STATUSES).optional(),
  from: Timestamp.optional(),
  to: Timestamp.optional(),
});
const RunListQuery = RunFilterQuery.extend({
  sort: z.enum(['startedAt', 'endedAt', 'updatedAt', 'status']).default('startedAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

type FilterQuery = z.infer<typeof RunFilterQuery>;
const toFilter = (q: FilterQuery): Omit<RunFilter, 'limit' | 'offset'> => ({
  ...(q.contactId === undefined ? {} : { contactId: q.contactId }),
  ...(q.flowId === undefined ? {} : { flowId: q.flowId }),
  ...(q.flowVersion === undefined ? {} : { flowVersion: q.flowVersion }),
  ...(q.status === undefined ? {} : { status: q.status }),
  ...(q.from === undefined ? {} : { startedFrom: q.from }),
  ...(q.to === undefined ? {} : { startedTo: q.to }),
});

/** Who acts, for the run's action history; access control fills in real users later. */
// The ledger and run history name who acted: the user's email, or which API token.
const actorOf = (req: Request) => {
  const p = req.principal;
  if (p?.kind === 'session') return p.email;
  if (p?.kind === 'token') return 'api-token';
  return 'anonymous';
};

const ACTION_STATUS: Record<RunActionError['code'], 'not_found' | 'conflict'> = {
  run_not_found: 'not_found',
  run_not_failed: 'conflict',
  run_not_active: 'conflict',
  nothing_to_retry: 'conflict',
  no_published_version: 'conflict',
  no_wait: 'conflict',
};

async function act<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof RunActionError) throw new AppError(ACTION_STATUS[err.code], err.message);
    throw err;
  }
}

/** Run history for support staff: filtered lists, one run with its path, and the actions on runs. */
export function runRoutes(store: Store, control: RunControl | undefined): Router {
  const router = guardedRouter({ body: jsonWrites(JSON_LIMITS.other) });
  const requireControl = () => {
    if (!control)
      throw new AppError('service_unavailable', 'Run actions need the queues, which this process has not');
    return control;
  };

  router.get('/runs', ALL, (req, res) => {
    const q = parseBody(RunListQuery, req.query, 'query');
    const filter = toFilter(q);
    const { status: _status, ...withoutStatus } = filter;
    res.json({
      items: store.runs.list({ ...filter, sort: q.sort, order: q.order, limit: q.limit, offset: q.offset }),
      total: store.runs.count(filter),
      counts: store.runs.countByStatus(withoutStatus),
      limit: q.limit,
      offset: q.offset,
    });
  });

  router.get('/runs/:id', ALL, (req, res) => {
    const run = store.runs.get(req.params.id);
    if (!run) throw notFound(`Run ${req.params.id}`);
    const steps = store.steps.listForRun(run.id);
    const waits = store.waits.listForRun(run.id);
    const edgeIds = new Set<string>();
    for (const step of steps) {
      const edges = (step.output as { edges?: unknown } | null)?.edges;
      if (Array.isArray(edges)) for (const e of edges) if (typeof e === 'string') edgeIds.add(e);
    }
    res.json({
      ...run,
      document: store.flows.getVersion(run.flowId, run.flowVersion)?.document ?? null,
      triggerEvent: run.triggerEventId ? (store.events.get(run.triggerEventId) ?? null) : null,
      path: { nodeIds: [...new Set(steps.map((s) => s.nodeId))], edgeIds: [...edgeIds] },
      waitingAt: waits.filter((w) => w.status === 'pending').map((w) => w.nodeId),
      steps,
      waits,
      outbox: store.outbox.listForRun(run.id),
      actions: store.runActions.listForRun(run.id),
    });
  });

  router.post('/runs/:id/retry', ALL, async (req, res) => {
    res.json(await act(() => requireControl().retry(req.params.id, actorOf(req))));
  });
  router.post('/runs/:id/restart', ALL, async (req, res) => {
    res.status(201).json(await act(() => requireControl().restart(req.params.id, actorOf(req))));
  });
  router.post('/runs/:id/cancel', ALL, async (req, res) => {
    res.json(await act(() => requireControl().cancel(req.params.id, actorOf(req))));
  });
  router.post('/runs/:id/fast-forward', ALL, async (req, res) => {
    res.json(await act(() => requireControl().fastForward(req.params.id, actorOf(req))));
  });
  // Bulk retry takes the list's filter in the body: every failed run that matches, on every page.
  router.post('/runs/retry', ALL, async (req, res) => {
    const filter = toFilter(parseBody(RunFilterQuery.omit({ status: true }), req.body ?? {}, 'filter'));
    res.json(await act(() => requireControl().retryMatching(filter, actorOf(req))));
  });

  router.get('/flows/:id/stats', ALL, (req, res) => {
    const flow = store.flows.get(req.params.id);
    if (!flow) throw notFound(`Flow ${req.params.id}`);
    const since = store.now() - 30 * 86_400_000;
    const waiting: Record<string, number> = {};
    for (let offset = 0; ; offset += 500) {
      const page = store.runs.list({ flowId: flow.id, status: 'waiting', limit: 500, offset });
      for (const run of page)
        if (run.currentNodeId) waiting[run.currentNodeId] = (waiting[run.currentNodeId] ?? 0) + 1;
      if (page.length < 500) break;
    }
    res.json({
      flowId: flow.id,
      waitingByNode: waiting,
      edgeCounts: store.edgeCounts.since(flow.id, since),
      since,
    });
  });

  return router.router;
}
