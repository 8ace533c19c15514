import { API } from '@scoreflow/api';
import { DEFAULT_SCORE, ScoreDefinition } from '@scoreflow/flow';
import type { Store } from '@scoreflow/store';
import type { Router } from 'express';
import { AppError, notFound } from '../http/errors.js';
import { guardedRouter } from '../http/guardedRouter.js';
import { JSON_LIMITS, jsonWrites } from '../http/jsonBody.js';
import { parseBody } from '../http/validate.js';

/** Named scores: bounds and decay policies (decay runs in the workers' scheduled sweep). */
export function scoreRoutes(store: Store): Router {
  const router = guardedRouter({ body: jsonWrites(JSON_LIMITS.other) });

  router.on(API.scores.list, async (_req, res) => {
    res.json({ items: await store.scoreDefinitions.list() });
  });

  router.on(API.scores.get, async (req, res) => {
    const found = await store.scoreDefinitions.get(req.params.name);
    if (!found) throw notFound(`Score ${req.params.name}`);
    res.json(found);
  });

  router.on(API.scores.save, async (req, res) => {
    // An empty body means "the defaults"; anything but an object (42, null) is a mistake, which
    // spreading it would hide.
    const body: unknown = req.body === undefined ? {} : req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new AppError('validation_failed', 'A score definition is a JSON object');
    }
    const def = parseBody(ScoreDefinition, { ...body, name: req.params.name }, 'score definition');
    const existed = (await store.scoreDefinitions.get(def.name)) !== undefined;
    res.status(existed ? 200 : 201).json(await store.scoreDefinitions.upsert(def));
  });

  router.on(API.scores.remove, async (req, res) => {
    if (req.params.name === DEFAULT_SCORE) {
      throw new AppError('conflict', `${DEFAULT_SCORE} is the default score and cannot be deleted`);
    }
    if (!(await store.scoreDefinitions.delete(req.params.name))) throw notFound(`Score ${req.params.name}`);
    res.status(204).end();
  });

  return router.router;
}
