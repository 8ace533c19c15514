import { nodeCatalogJson, validateFlow } from '@scoreflow/flow';
import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../http/errors.js';
import { parseBody } from '../http/validate.js';
import type { FlowService } from '../services/flows.js';

const CreateFlowBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  document: z.unknown().optional(),
});
const UpdateFlowBody = z.object({ document: z.unknown() });
const VersionParam = z.coerce.number().int().positive();

export function flowRoutes(flows: FlowService): Router {
  const router = Router();

  router.get('/flows', (_req, res) => {
    res.json({ items: flows.list() });
  });

  router.post('/flows', (req, res) => {
    const body = parseBody(CreateFlowBody, req.body ?? {});
    const created = flows.create(body);
    res.status(201).location(`/api/flows/${created.id}`).json(created);
  });

  // Registered before '/flows/:id' so "validate" is never read as a flow id.
  router.post('/flows/validate', (req, res) => {
    res.json({ diagnostics: validateFlow(req.body) });
  });

  router.get('/flows/:id', (req, res) => {
    res.json(flows.get(req.params.id));
  });

  router.put('/flows/:id', (req, res) => {
    const body = parseBody(UpdateFlowBody, req.body);
    res.json(flows.updateDraft(req.params.id, body.document));
  });

  router.delete('/flows/:id', (req, res) => {
    flows.delete(req.params.id);
    res.status(204).end();
  });

  router.post('/flows/:id/publish', (req, res) => {
    const version = flows.publish(req.params.id);
    res.status(201).location(`/api/flows/${version.flowId}/versions/${version.version}`).json(version);
  });

  router.get('/flows/:id/versions', (req, res) => {
    res.json({ items: flows.listVersions(req.params.id) });
  });

  router.get('/flows/:id/versions/:version', (req, res) => {
    const version = VersionParam.safeParse(req.params.version);
    if (!version.success) throw new AppError('bad_request', 'A version is a positive whole number');
    res.json(flows.getVersion(req.params.id, version.data));
  });

  router.post('/flows/:id/activate', (req, res) => {
    res.json(flows.setStatus(req.params.id, 'active'));
  });

  router.post('/flows/:id/pause', (req, res) => {
    res.json(flows.setStatus(req.params.id, 'paused'));
  });

  router.get('/node-types', (_req, res) => {
    res.json({ items: nodeCatalogJson() });
  });

  return router;
}
