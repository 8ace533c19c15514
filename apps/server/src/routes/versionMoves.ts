import { API, MoveToLatestBody, type WaitingPosition } from '@scoreflow/api';
import { type FlowDocument, hasInput, isNodeType, nodeName } from '@scoreflow/flow';
import type { RunControl } from '@scoreflow/runtime';
import type { Store } from '@scoreflow/store';
import type { Router } from 'express';
import { actorOf } from '../auth/actor.js';
import { AppError, notFound } from '../http/errors.js';
import { guardedRouter } from '../http/guardedRouter.js';
import { JSON_LIMITS, jsonWrites } from '../http/jsonBody.js';
import { parseBody } from '../http/validate.js';

const hasStep = (doc: FlowDocument | undefined, nodeId: string, type: string | undefined) =>
  doc?.nodes.some((n) => n.id === nodeId && n.type === type) ?? false;

/** Where a flow's contacts wait, per version, and moving them to the latest version. */
export function versionMoveRoutes(store: Store, runControl: RunControl | undefined): Router {
  const router = guardedRouter({ body: jsonWrites(JSON_LIMITS.other) });

  router.on(API.versionMoves.positions, async (req, res) => {
    const flow = await store.flows.get(req.params.id);
    if (!flow) throw notFound(`Flow ${req.params.id}`);
    const counts = new Map<string, { version: number; nodeId: string; count: number }>();
    for (let offset = 0; ; offset += 500) {
      const page = await store.runs.list({ flowId: flow.id, status: 'waiting', limit: 500, offset });
      for (const run of page) {
        if (run.currentNodeId === null) continue;
        const key = `${run.flowVersion}\n${run.currentNodeId}`;
        const c = counts.get(key) ?? { version: run.flowVersion, nodeId: run.currentNodeId, count: 0 };
        c.count += 1;
        counts.set(key, c);
      }
      if (page.length < 500) break;
    }
    const latest =
      flow.latestVersion === null
        ? undefined
        : (await store.flows.getVersion(flow.id, flow.latestVersion))?.document;
    const items: WaitingPosition[] = [];
    for (const c of [...counts.values()].sort(
      (a, b) => a.version - b.version || a.nodeId.localeCompare(b.nodeId),
    )) {
      const doc = (await store.flows.getVersion(flow.id, c.version))?.document;
      const type = doc?.nodes.find((n) => n.id === c.nodeId)?.type;
      items.push({
        ...c,
        nodeName: nodeName(doc, c.nodeId).text,
        inDraft: hasStep(flow.document, c.nodeId, type),
        inLatest: hasStep(latest, c.nodeId, type),
      });
    }
    res.json({ items });
  });

  router.on(API.versionMoves.moveToLatest, async (req, res) => {
    const body = parseBody(MoveToLatestBody, req.body, 'move');
    if (!runControl) throw new AppError('service_unavailable', 'This process cannot move runs (no queue)');
    const flow = await store.flows.get(req.params.id);
    if (!flow) throw notFound(`Flow ${req.params.id}`);
    if (flow.latestVersion === null) throw new AppError('conflict', `${flow.name} has no published version`);
    const { missing } = body;
    if (missing.kind === 'node') {
      const latest = (await store.flows.getVersion(flow.id, flow.latestVersion))?.document;
      const target = latest?.nodes.find((n) => n.id === missing.nodeId);
      if (!target || !isNodeType(target.type) || !hasInput(target.type))
        throw new AppError(
          'validation_failed',
          'Choose a step of the latest version that takes contacts in',
          [
            {
              pointer: '/missing/nodeId',
              code: 'unknown_step',
              message: `Version ${flow.latestVersion} has no step ${missing.nodeId} a contact can be sent to`,
            },
          ],
        );
    }
    const summary = await runControl.moveToLatest(flow.id, missing, actorOf(req));
    res.json(summary);
  });

  return router.router;
}
