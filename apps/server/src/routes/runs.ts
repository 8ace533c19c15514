import { API, RetryFilter, type RunFilter, RunQuery } from '@scoreflow/api';
import type { RunControl } from '@scoreflow/runtime';
import type { Store, RunFilter as StoreRunFilter } from '@scoreflow/store';
import type { Router } from 'express';
import type { z } from 'zod';
import { actorOf } from '../auth/actor.js';
import { AppError, notFound } from '../http/errors.js';
import { guardedRouter } from '../http/guardedRouter.js';
import { JSON_LIMITS, jsonWrites } from '../http/jsonBody.js';
import { parseBody } from '../http/validate.js';

type FilterQuery = z.output<typeof RunFilter>;
const toFilter = (q: FilterQuery): Omit<StoreRunFilter, 'limit' | 'offset'> => ({
  contactId: q.contactId,
  flowId: q.flowId,
  flowVersion: q.flowVersion,
  status: q.status,
  startedFrom: q.from,
  startedTo: q.to,
});

/** Run history for support staff: filtered lists, one run with its path, and the actions on runs. */
export function runRoutes(store: Store, control: RunControl | undefined): Router {
  const router = guardedRouter({ body: jsonWrites(JSON_LIMITS.other) });
  const requireControl = () => {
    if (!control)
      throw new AppError('service_unavailable', 'Run actions need the queues, which this process has not');
    return control;
  };

  router.on(API.runs.list, (req, res) => {
    const q = parseBody(RunQuery, req.query, 'query');
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

  router.on(API.runs.get, (req, res) => {
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

  router.on(API.runs.retry, async (req, res) => {
    res.json(await requireControl().retry(req.params.id, actorOf(req)));
  });
  router.on(API.runs.restart, async (req, res) => {
    res.status(201).json(await requireControl().restart(req.params.id, actorOf(req)));
  });
  router.on(API.runs.cancel, async (req, res) => {
    res.json(await requireControl().cancel(req.params.id, actorOf(req)));
  });
  router.on(API.runs.fastForward, async (req, res) => {
    res.json(await requireControl().fastForward(req.params.id, actorOf(req)));
  });
  // Bulk retry takes the list's filter in the body: every failed run that matches, on every page.
  router.on(API.runs.retryMatching, async (req, res) => {
    const filter = toFilter(parseBody(RetryFilter, req.body ?? {}, 'filter'));
    res.json(await requireControl().retryMatching(filter, actorOf(req)));
  });

  router.on(API.runs.stats, (req, res) => {
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
