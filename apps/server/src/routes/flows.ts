import { nodeCatalogJson, validateFlow } from '@scoreflow/flow';
import type { Router } from 'express';
import { z } from 'zod';
import { ALL, EDIT } from '../auth/permissions.js';
import { AppError } from '../http/errors.js';
import { guardedRouter } from '../http/guardedRouter.js';
import { JSON_LIMITS, jsonWrites } from '../http/jsonBody.js';
import { parseBody } from '../http/validate.js';
import type { FlowService } from '../services/flows.js';

const CreateFlowBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  document: z.unknown().optional(),
});
const UpdateFlowBody = z.object({ document: z.unknown() });
const VersionParam = z.coerce.number().int().positive();

export function flowRoutes(flows: FlowService): Router {
  const router = guardedRouter({ body: jsonWrites(JSON_LIMITS.flows) });

  router.get('/flows', ALL, (_req, res) => {
    res.json({ items: flows.list() });
  });

  router.post('/flows', EDIT, (req, res) => {
    const body = parseBody(CreateFlowBody, req.body ?? {});
    const created = flows.create(body);
    res.status(201).location(`/api/flows/${created.id}`).json(created);
  });

  // Registered before '/flows/:id' so "validate" is never read as a flow id.
  router.post('/flows/validate', ALL, (req, res) => {
    res.json({ diagnostics: validateFlow(req.body) });
  });

  router.get('/flows/:id', ALL, (req, res) => {
    res.json(flows.get(req.params.id));
  });

  router.put('/flows/:id', EDIT, (req, res) => {
    const body = parseBody(UpdateFlowBody, req.body);
    res.json(flows.updateDraft(req.params.id, body.document));
  });

  router.delete('/flows/:id', EDIT, (req, res) => {
    flows.delete(req.params.id);
    res.status(204).end();
  });

  router.post('/flows/:id/publish', EDIT, (req, res) => {
    const version = flows.publish(req.params.id);
    res.status(201).location(`/api/flows/${version.flowId}/versions/${version.version}`).json(version);
  });

  router.get('/flows/:id/versions', ALL, (req, res) => {
    res.json({ items: flows.listVersions(req.params.id) });
  });

  router.get('/flows/:id/versions/:version', ALL, (req, res) => {
    const version = VersionParam.safeParse(req.params.version);
    if (!version.success) throw new AppError('bad_request', 'A version is a positive whole number');
    res.json(flows.getVersion(req.params.id, version.data));
  });

  router.post('/flows/:id/activate', EDIT, (req, res) => {
    res.json(flows.setStatus(req.params.id, 'active'));
  });

  router.post('/flows/:id/pause', EDIT, (req, res) => {
    res.json(flows.setStatus(req.params.id, 'paused'));
  });

  router.get('/node-types', ALL, (_req, res) => {
    res.json({ items: nodeCatalogJson() });
  });

  return router.router;
}
