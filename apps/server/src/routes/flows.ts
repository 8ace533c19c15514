import { API, CreateFlowBody, UpdateFlowBody } from '@scoreflow/api';
import { nodeCatalogJson } from '@scoreflow/flow';
import type { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../http/errors.js';
import { guardedRouter } from '../http/guardedRouter.js';
import { JSON_LIMITS, jsonWrites } from '../http/jsonBody.js';
import { parseBody } from '../http/validate.js';
import { type FlowService, flowInput, withName } from '../services/flows.js';

const VersionParam = z.coerce.number().int().positive();

export function flowRoutes(flows: FlowService): Router {
  const router = guardedRouter({ body: jsonWrites(JSON_LIMITS.flows) });

  router.on(API.flows.list, async (_req, res) => {
    res.json({ items: await flows.list() });
  });

  router.on(API.flows.create, async (req, res) => {
    const body = parseBody(CreateFlowBody, flowInput(req.body ?? {}));
    const created = await flows.create(body);
    res.status(201).location(`/api/flows/${created.id}`).json(created);
  });

  // Registered before '/flows/:id' so "validate" is never read as a flow id.
  router.on(API.flows.validate, async (req, res) => {
    const { name, document } = parseBody(CreateFlowBody, flowInput(req.body));
    res.json({ diagnostics: await flows.diagnose(withName(document, name)) });
  });

  router.on(API.flows.get, async (req, res) => {
    res.json(await flows.get(req.params.id));
  });

  router.on(API.flows.save, async (req, res) => {
    const body = parseBody(UpdateFlowBody, req.body);
    res.json(await flows.updateDraft(req.params.id, body.document));
  });

  router.on(API.flows.remove, async (req, res) => {
    await flows.delete(req.params.id);
    res.status(204).end();
  });

  router.on(API.flows.publish, async (req, res) => {
    const version = await flows.publish(req.params.id);
    res.status(201).location(`/api/flows/${version.flowId}/versions/${version.version}`).json(version);
  });

  router.on(API.flows.versions, async (req, res) => {
    res.json({ items: await flows.listVersions(req.params.id) });
  });

  router.on(API.flows.version, async (req, res) => {
    const version = VersionParam.safeParse(req.params.version);
    if (!version.success) throw new AppError('bad_request', 'A version is a positive whole number');
    res.json(await flows.getVersion(req.params.id, version.data));
  });

  router.on(API.flows.activate, async (req, res) => {
    res.json(await flows.setStatus(req.params.id, 'active'));
  });

  router.on(API.flows.pause, async (req, res) => {
    res.json(await flows.setStatus(req.params.id, 'paused'));
  });

  router.on(API.flows.nodeTypes, (_req, res) => {
    res.json({ items: nodeCatalogJson() });
  });

  return router.router;
}
