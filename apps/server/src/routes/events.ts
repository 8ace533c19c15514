import { MAX_BATCH_BYTES, MAX_BATCH_EVENTS, MAX_EVENT_BYTES } from '@scoreflow/flow';
import type { Ingest } from '@scoreflow/runtime';
import type { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../http/errors.js';
import { guardedRouter } from '../http/guardedRouter.js';
import { jsonBody } from '../http/jsonBody.js';
import { requireJson } from '../http/middleware.js';
import { parseBody } from '../http/validate.js';

const Batch = z.object({ events: z.array(z.unknown()).min(1).max(MAX_BATCH_EVENTS) });

/**
 * Event ingestion. Each route has its own body limit (an event is a signal, not a document); the
 * answer comes once the events are durable in SQLite.
 */
export function eventRoutes(ingest: Ingest): Router {
  const router = guardedRouter({ body: requireJson });

  // A little headroom over the event limit for whitespace; the per-event size is checked exactly.
  router.post('/events', 'ingest', jsonBody(MAX_EVENT_BYTES + 1024), async (req, res) => {
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

  router.post('/events/batch', 'ingest', jsonBody(MAX_BATCH_BYTES), async (req, res) => {
    const { events } = parseBody(Batch, req.body, 'batch');
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
