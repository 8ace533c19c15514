import { API, EventBatch } from '@scoreflow/api';
import { MAX_BATCH_BYTES, MAX_EVENT_BYTES } from '@scoreflow/flow';
import type { Ingest } from '@scoreflow/runtime';
import type { Router } from 'express';
import { AppError } from '../http/errors.js';
import { guardedRouter } from '../http/guardedRouter.js';
import { jsonBody } from '../http/jsonBody.js';
import { requireJson } from '../http/middleware.js';
import { parseBody } from '../http/validate.js';

/**
 * Event ingestion. Each route has its own body limit (an event is a signal, not a document); the
 * answer comes once the events are durable in the database.
 */
export function eventRoutes(ingest: Ingest): Router {
  const router = guardedRouter({ body: requireJson });

  // A little headroom over the event limit for whitespace; the per-event size is checked exactly.
  router.on(API.events.ingest, jsonBody(MAX_EVENT_BYTES + 1024), async (req, res) => {
    const [result] = await ingest([req.body]);
    if (!result || result.status === 'rejected') {
      throw new AppError(
        'validation_failed',
        'The event was rejected',
        result?.status === 'rejected' ? result.errors : [],
      );
    }
    res.status(202).json(result);
  });

  router.on(API.events.ingestBatch, jsonBody(MAX_BATCH_BYTES), async (req, res) => {
    const { events } = parseBody(EventBatch, req.body, 'batch');
    const results = await ingest(events);
    const count = (status: string) => results.filter((r) => r.status === status).length;
    res.status(202).json({
      accepted: count('accepted'),
      duplicates: count('duplicate'),
      rejected: count('rejected'),
      results,
    });
  });

  return router.router;
}
