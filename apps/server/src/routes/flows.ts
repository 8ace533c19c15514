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

  router.on(API.flows.list, (_req, res) => {
    res.json({ items: flows.list() });
  });

  router.on(API.flows.create, (req, res) => {
    const body = parseBody(CreateFlowBody, flowInput(req.body ?? {}));
    const created = flows.create(body);
    res.status(201).location(`/api/flows/${created.id}`).json(created);
  });

  // Registered before '/flows/:id' so "validate" is never read as a flow id.
  router.on(API.flows.validate, (req, res) => {
    const { name, document } = parseBody(CreateFlowBody, flowInput(req.body));
    res.json({ diagnostics: flows.diagnose(withName(document, name)) });
  });

  router.on(API.flows.get, (req, res) => {
    res.json(flows.get(req.params.id));
  });

  router.on(API.flows.save, (req, res) => {
    const body = parseBody(UpdateFlowBody, req.body);
    res.json(flows.updateDraft(req.params.id, body.document));
  });

  router.on(API.flows.remove, (req, res) => {
    flows.delete(req.params.id);
    res.status(204).end();
  });

  router.on(API.flows.publish, (req, res) => {
    const version = flows.publish(req.params.id);
    res.status(201).location(`/api/flows/${version.flowId}/versions/${version.version}`).json(version);
  });

  router.on(API.flows.versions, (req, res) => {
    res.json({ items: flows.listVersions(req.params.id) });
  });

  router.on(API.flows.version, (req, res) => {
    const version = VersionParam.safeParse(req.params.version);
    if (!version.success) throw new AppError('bad_request', 'A version is a positive whole number');
    res.json(flows.getVersion(req.params.id, version.data));
  });

  router.on(API.flows.activate, (req, res) => {
    res.json(flows.setStatus(req.params.id, 'active'));
  });

  router.on(API.flows.pause, (req, res) => {
    res.json(flows.setStatus(req.params.id, 'paused'));
  });

  router.on(API.flows.nodeTypes, (_req, res) => {
    res.json({ items: nodeCatalogJson() });
  });

  return router.router;
}
