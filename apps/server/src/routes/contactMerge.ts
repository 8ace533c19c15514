import { API, MergeRequest } from '@scoreflow/api';
import type { RunControl } from '@scoreflow/runtime';
import type { Router } from 'express';
import { actorOf } from '../auth/actor.js';
import { AppError } from '../http/errors.js';
import { guardedRouter } from '../http/guardedRouter.js';
import { JSON_LIMITS, jsonWrites } from '../http/jsonBody.js';
import { parseBody } from '../http/validate.js';

/**
 * Merging another contact into the one in the path. It commits in one transaction that event
 * processing also takes, then schedules what the merge's changes triggered, like a manual score edit.
 */
export function contactMergeRoutes(control: RunControl | undefined): Router {
  const router = guardedRouter({ body: jsonWrites(JSON_LIMITS.other) });
  router.on(API.contacts.merge, async (req, res) => {
    const body = parseBody(MergeRequest, req.body, 'merge');
    if (!control)
      throw new AppError(
        'service_unavailable',
        'Merging contacts needs the queues, which this process has not',
      );
    const { contact, summary } = await control.merge({
      intoId: req.params.id,
      fromId: body.from,
      actor: actorOf(req),
    });
    res.json({ contact, merged: summary });
  });
  return router.router;
}
