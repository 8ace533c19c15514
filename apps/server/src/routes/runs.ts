import { API, RetryFilter, type RunFilter, RunQuery } from '@scoreflow/api';
import type { RunControl } from '@scoreflow/runtime';
import type { RunRecord, Store, RunFilter as StoreRunFilter } from '@scoreflow/store';
import type { Router } from 'express';
import type { z } from 'zod';
import { actorOf } from '../auth/actor.js';
import { AppError, notFound } from '../http/errors.js';
import { guardedRouter } from '../http/guardedRouter.js';
import { JSON_LIMITS, jsonWrites } from '../http/jsonBody.js';
import { parseBody } from '../http/validate.js';
import { outboxItems } from './outboxItems.js';
import { failedInAttempt, noRunCounts } from './runState.js';
import { frequencyCapsOf } from './settings.js';
import { createSupportNames, type SupportNames } from './supportNames.js';

const withNames = async (names: SupportNames, run: RunRecord) => ({
  ...run,
  contactEmail: await names.contactEmail(run.contactId),
  flowName: await names.flowName(run.flowId),
});

type FilterQuery = z.output<typeof RunFilter>;
/** The store's filter for a query; null when it names a contact (by email) that no run can match. */
const toFilter = async (
  store: Store,
  q: FilterQuery,
): Promise<Omit<StoreRunFilter, 'limit' | 'offset'> | null> => {
  let contactId = q.contactId;
  if (q.contactEmail !== undefined) {
    const contact = await store.contacts.findByEmail(q.contactEmail);
    if (!contact || (contactId !== undefined && contactId !== contact.id)) return null;
    contactId = contact.id;
  }
  return { ...storeFilter(q), contactId };
};
const storeFilter = (q: FilterQuery): Omit<StoreRunFilter, 'limit' | 'offset'> => ({
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

  router.on(API.runs.list, async (req, res) => {
    const q = parseBody(RunQuery, req.query, 'query');
    const filter = await toFilter(store, q);
    if (!filter) {
      res.json({ items: [], total: 0, counts: noRunCounts(), limit: q.limit, offset: q.offset });
      return;
    }
    const { status: _status, ...withoutStatus } = filter;
    const names = createSupportNames(store);
    const runs = await store.runs.list({
      ...filter,
      sort: q.sort,
      order: q.order,
      limit: q.limit,
      offset: q.offset,
    });
    res.json({
      items: await Promise.all(runs.map((run) => withNames(names, run))),
      total: await store.runs.count(filter),
      counts: await store.runs.countByStatus(withoutStatus),
      limit: q.limit,
      offset: q.offset,
    });
  });

  router.on(API.runs.get, async (req, res) => {
    const run = await store.runs.get(req.params.id);
    if (!run) throw notFound(`Run ${req.params.id}`);
    const names = createSupportNames(store);
    const steps = await store.steps.listForRun(run.id);
    const waits = await store.waits.listForRun(run.id);
    const edgeIds = new Set<string>();
    for (const step of steps) {
      const edges = (step.output as { edges?: unknown } | null)?.edges;
      if (Array.isArray(edges)) for (const e of edges) if (typeof e === 'string') edgeIds.add(e);
    }
    res.json({
      ...(await withNames(names, run)),
      document: await names.document(run.flowId, run.flowVersion),
      triggerEvent: run.triggerEventId ? ((await store.events.get(run.triggerEventId)) ?? null) : null,
      path: { nodeIds: [...new Set(steps.map((s) => s.nodeId))], edgeIds: [...edgeIds] },
      waitingAt: waits.filter((w) => w.status === 'pending').map((w) => w.nodeId),
      failedAt: failedInAttempt(steps, run.attempt),
      steps,
      waits,
      outbox: outboxItems(await store.outbox.listForRun(run.id)),
      actions: await store.runActions.listForRun(run.id),
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
    const filter = await toFilter(store, parseBody(RetryFilter, req.body ?? {}, 'filter'));
    const control = requireControl();
    res.json(filter ? await control.retryMatching(filter, actorOf(req)) : { retried: [], failed: [] });
  });

  router.on(API.runs.stats, async (req, res) => {
    const flow = await store.flows.get(req.params.id);
    if (!flow) throw notFound(`Flow ${req.params.id}`);
    const since = store.now() - 30 * 86_400_000;
    const waiting: Record<string, number> = {};
    for (let offset = 0; ; offset += 500) {
      const page = await store.runs.list({ flowId: flow.id, status: 'waiting', limit: 500, offset });
      for (const run of page)
        if (run.currentNodeId) waiting[run.currentNodeId] = (waiting[run.currentNodeId] ?? 0) + 1;
      if (page.length < 500) break;
    }
    res.json({
      flowId: flow.id,
      waitingByNode: waiting,
      edgeCounts: await store.edgeCounts.since(flow.id, since),
      // Read only where a cap can have held a send back: the query reads the flow's steps of the month.
      cappedByNode:
        flow.document.nodes.some((n) => n.type === 'action.sendEmail') &&
        (await frequencyCapsOf(store)).rules.length > 0
          ? await store.cappedSends.countsForFlow(flow.id, since)
          : {},
      since,
    });
  });

  return router.router;
}
