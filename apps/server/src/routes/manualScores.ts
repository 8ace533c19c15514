import { API, ManualChange } from '@scoreflow/api';
import type { RunControl } from '@scoreflow/runtime';
import type { Router } from 'express';
import { actorOf } from '../auth/actor.js';
import { AppError } from '../http/errors.js';
import { guardedRouter } from '../http/guardedRouter.js';
import { JSON_LIMITS, jsonWrites } from '../http/jsonBody.js';
import { parseBody } from '../http/validate.js';

/** A person changing a score by hand (a ledger row names them; triggered flows run). */
export function manualScoreRoutes(control: RunControl | undefined): Router {
  const router = guardedRouter({ body: jsonWrites(JSON_LIMITS.other) });
  router.on(API.scores.change, async (req, res) => {
    const body = parseBody(ManualChange, req.body, 'score change');
    if (!control)
      throw new AppError('service_unavailable', 'Score changes need the queues, which this process has not');
    const entry = await control.changeScore({
      contactId: req.params.id,
      score: req.params.name,
      value: body.value,
      delta: body.delta,
      actor: actorOf(req),
      note: body.note,
    });
    res.status(201).json(entry);
  });
  return router.router;
}
