import { API, SegmentBatch, type SegmentType } from '@scoreflow/api';
import { MAX_BATCH_BYTES, MAX_EVENT_BYTES } from '@scoreflow/flow';
import type { Ingest } from '@scoreflow/runtime';
import type { RequestHandler, Router } from 'express';
import { AppError, type ProblemError } from '../http/errors.js';
import { guardedRouter } from '../http/guardedRouter.js';
import { jsonOfAnyType } from '../http/jsonBody.js';
import { parseBody } from '../http/validate.js';
import { mapSegmentMessage } from '../integrations/segment.js';
import { type WriteKeyCheck, writeKeyOf } from '../integrations/writeKeys.js';

/** A message that was not stored, with its position in the call. */
interface Rejection {
  index: number;
  id?: string;
  message: string;
  /** Each problem with a JSON pointer into the message ('' when it is the message as a whole). */
  errors?: ProblemError[];
}

/**
 * Segment's HTTP Tracking API (`/v1/track`, `/identify`, `/page`, `/screen`, `/group`, `/alias`,
 * `/batch`), so an existing Segment or RudderStack source, or Segment's own libraries, send to
 * Scoreflow unchanged. Messages become Scoreflow events and go through the same ingestion as
 * `POST /api/events`: durable in the database before the answer, deduplicated by messageId forever.
 */
export function segmentRoutes(deps: {
  ingest?: Ingest | undefined;
  checkWriteKey: WriteKeyCheck;
  /** Per-write-key rate limit, run after the key check (which leaves the key in `res.locals.writeKey`). */
  rateLimit?: RequestHandler;
}): Router {
  const router = guardedRouter();

  const authorize: RequestHandler = async (req, res, next) => {
    const key = writeKeyOf(req.headers.authorization, req.body);
    if (key === undefined || !(await deps.checkWriteKey(key))) {
      const refused = new AppError(
        'unauthorized',
        'Send a valid write key as the HTTP Basic user name (the keys are set in SEGMENT_WRITE_KEY)',
      );
      // A wrong key counts against the caller's address like a wrong token (429 past the limit).
      if (key === undefined || !req.access) return next(refused);
      return req.access.countFailure(req, res, (limited?: unknown) => next(limited ?? refused));
    }
    res.locals.writeKey = key;
    return next();
  };
  const limit: RequestHandler = deps.rateLimit ?? ((_req, _res, next) => next());

  async function ingestMessages(messages: readonly unknown[], fallbackType?: SegmentType) {
    if (!deps.ingest)
      throw new AppError('service_unavailable', 'Event ingestion is not running in this process');
    const rejected: Rejection[] = [];
    const events: unknown[] = [];
    const positions: number[] = [];
    const sources: Record<string, string>[] = [];
    messages.forEach((raw, index) => {
      const mapped = mapSegmentMessage(raw, fallbackType);
      if (mapped.ok) {
        events.push(mapped.event);
        positions.push(index);
        sources.push(mapped.sources);
      } else {
        rejected.push({ index, ...(mapped.id ? { id: mapped.id } : {}), message: mapped.message });
      }
    });
    const results = events.length > 0 ? await deps.ingest(events) : [];
    let accepted = 0;
    let duplicates = 0;
    results.forEach((r, i) => {
      if (r.status === 'accepted') accepted++;
      else if (r.status === 'duplicate') duplicates++;
      else {
        // The ingestion's pointers are into the Scoreflow event; they are given back as the message's own
        // fields where there is one (a timestamp out of the window), else as the whole message.
        const errors = r.errors.map((e) => ({ pointer: sources[i]?.[e.pointer] ?? '', message: e.message }));
        const message = r.errors
          .map((e) => `${sources[i]?.[e.pointer] ?? (e.pointer || '/')}: ${e.message}`)
          .join('; ');
        rejected.push({ index: positions[i] ?? i, ...(r.id ? { id: r.id } : {}), message, errors });
      }
    });
    rejected.sort((a, b) => a.index - b.index);
    return { accepted, duplicates, rejected };
  }

  for (const call of API.segment.calls) {
    const type = call.path.slice('/v1/'.length) as SegmentType;
    router.on(call, jsonOfAnyType(MAX_EVENT_BYTES), authorize, limit, async (req, res) => {
      const outcome = await ingestMessages([req.body], type);
      const [first] = outcome.rejected;
      if (first) {
        throw new AppError(
          'validation_failed',
          `The ${type} call was not stored: ${first.message}`,
          first.errors,
        );
      }
      res.json({ success: true, ...outcome });
    });
  }

  router.on(API.segment.batch, jsonOfAnyType(MAX_BATCH_BYTES), authorize, limit, async (req, res) => {
    const { batch } = parseBody(SegmentBatch, req.body, 'batch');
    // As Segment does: one bad message never fails the others; the answer says which were not stored.
    res.json({ success: true, ...(await ingestMessages(batch)) });
  });

  return router.router;
}
