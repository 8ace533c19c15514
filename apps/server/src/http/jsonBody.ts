import express, { type RequestHandler } from 'express';
import { AppError, toJsonPointer } from './errors.js';
import { requireJson } from './middleware.js';
import { requireUtf8 } from './utf8.js';

/**
 * Deepest JSON body accepted. A flow document is about 10 levels deep; the parser itself copes with
 * far deeper input, but the recursive code after it (validation, serialisation) would overflow the
 * stack on a few thousand levels and answer 500.
 */
export const MAX_JSON_DEPTH = 32;

/** Body limits of the `/api` JSON routes that do not set their own. */
export const JSON_LIMITS = {
  /** Flow documents (500 nodes fit well under 2 MB). */
  flows: '2mb',
  /** Email templates: a rich HTML email with inline CSS. */
  templates: '512kb',
  /** Everything else takes a few small fields (score policies, manual score changes, run actions). */
  other: '64kb',
} as const;

/**
 * The path (as segments) of the first value nested deeper than `max`, or undefined. Walks with an
 * explicit stack, so the check itself cannot overflow on the bodies it exists to refuse.
 */
export function tooDeepAt(value: unknown, max = MAX_JSON_DEPTH): (string | number)[] | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const item = stack.pop() as { value: unknown; path: (string | number)[] };
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.path.length >= max) return item.path;
    const entries: [string | number, unknown][] = Array.isArray(item.value)
      ? item.value.map((v, i) => [i, v])
      : Object.entries(item.value);
    for (const [key, child] of entries) stack.push({ value: child, path: [...item.path, key] });
  }
  return undefined;
}

/** Refuses parsed bodies nested deeper than `max` with a 400 that points at where. */
export function jsonDepthLimit(max = MAX_JSON_DEPTH): RequestHandler {
  return (req, _res, next) => {
    const at = tooDeepAt(req.body, max);
    if (!at) return next();
    const pointer = toJsonPointer(at);
    next(
      new AppError('bad_request', `The body is nested deeper than ${max} levels`, [
        { pointer, code: 'too_deep', message: `Nested deeper than ${max} levels here` },
      ]),
    );
  };
}

/** The JSON parser with a body limit, followed by the depth check: every JSON route's front door. */
export function jsonBody(limit: string | number, options: { strict?: boolean } = {}): RequestHandler {
  // `verify` sees the raw bytes before they are decoded: invalid UTF-8 is refused, not replaced.
  const parse = express.json({ limit, strict: options.strict ?? true, verify: requireUtf8 });
  const depth = jsonDepthLimit();
  return (req, res, next) => parse(req, res, (err?: unknown) => (err ? next(err) : depth(req, res, next)));
}

/**
 * The JSON parser of routes that read every body as JSON whatever its declared Content-Type: the
 * Segment-compatible `/v1` API, whose real clients declare what they like (RudderStack's Node SDK sends
 * gzip-compressed JSON as `application/x-www-form-urlencoded`, browsers' beacons send `text/plain`).
 * gzip, deflate and br bodies are decompressed (the limit is on the decompressed size). A body that is
 * missing, or that is not JSON, is refused with a detail naming the type it was declared as, since
 * "not valid JSON" alone reads as a server bug to someone who sent a form.
 */
export function jsonOfAnyType(limit: string | number): RequestHandler {
  const parse = express.json({ limit, type: () => true, verify: requireUtf8 });
  const depth = jsonDepthLimit();
  return (req, res, next) =>
    parse(req, res, (err?: unknown) => {
      const declared = req.headers['content-type'] ?? 'no Content-Type';
      if (err) {
        const failure = err as { type?: unknown; message?: unknown };
        if (failure.type !== 'entity.parse.failed') return next(err);
        return next(
          new AppError(
            'bad_request',
            `The body is not valid JSON (${String(failure.message)}); it was sent as ${declared}, and these routes read every body as JSON`,
          ),
        );
      }
      // body-parser leaves a request without a body alone, and an empty one as {}: both carry nothing.
      const length = Number(req.headers['content-length'] ?? Number.NaN);
      if (req.body === undefined || length === 0) {
        return next(
          new AppError(
            'bad_request',
            'The body is empty: send the call as a JSON object (uncompressed, or gzip or deflate with Content-Encoding)',
          ),
        );
      }
      return depth(req, res, next);
    });
}

/**
 * The body handling of a router's JSON writes: JSON only (see `requireJson`), parsed with `limit`.
 * Routers pass it to `guardedRouter({ body })`, so it runs after the route's permission check.
 */
export function jsonWrites(limit: string | number): RequestHandler[] {
  return [requireJson, jsonBody(limit, { strict: false })];
}
