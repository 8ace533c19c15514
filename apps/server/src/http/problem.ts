import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { bodyReadError } from './bodyErrors.js';
import { appErrorOf, INTERNAL_DETAIL } from './codedErrors.js';
import { AppError, type ErrorCode, type ProblemError } from './errors.js';
import { redactUrl } from './requestLog.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  /** The request's `x-request-id`, for a support person to quote and an operator to find in the log. */
  requestId?: string;
  errors?: ProblemError[];
}

/** Problem type URIs are stable identifiers, one per error code. */
export const problemType = (code: ErrorCode) => `urn:scoreflow:problem:${code.replaceAll('_', '-')}`;

export function problemFrom(err: AppError, instance?: string, requestId?: string): ProblemBody {
  const body: ProblemBody = {
    type: problemType(err.code),
    title: err.title,
    status: err.status,
    detail: err.message,
  };
  if (instance) body.instance = instance;
  if (requestId) body.requestId = requestId;
  if (err.errors) body.errors = err.errors;
  return body;
}

/**
 * The router decodes path parameters and raises a URIError on a malformed percent-encoding
 * (`/api/flows/%E0%A4%A`): the client's mistake, not ours.
 */
function fromRouter(err: unknown): AppError | undefined {
  if (!(err instanceof URIError)) return undefined;
  return new AppError('bad_request', 'The URL has a malformed percent-encoding');
}

/**
 * PostgreSQL stores no NUL character (U+0000) in text and refuses the statement (SQLSTATE 22021,
 * character_not_in_repertoire): the client sent it, in a path or a body, so it is the client's mistake.
 * SQLite stores it, so there the same request succeeds.
 */
function fromDatabase(err: unknown): AppError | undefined {
  if (typeof err !== 'object' || err === null || (err as { code?: unknown }).code !== '22021')
    return undefined;
  return new AppError('bad_request', 'The request holds a NUL character (U+0000), which cannot be stored');
}

export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let appErr =
      err instanceof AppError
        ? err
        : (appErrorOf(err) ??
          bodyReadError(err, req.headers['content-encoding']) ??
          fromRouter(err) ??
          fromDatabase(err));
    // A failure on our side is logged with the original error; the client gets a generic detail.
    if (!appErr || (appErr !== err && appErr.status >= 500)) {
      logger.error({ err, reqId: req.id, url: redactUrl(req.originalUrl) }, 'unhandled error');
    }
    appErr ??= new AppError('internal', INTERNAL_DETAIL);
    const id = req.id === undefined ? undefined : String(req.id);
    res
      .status(appErr.status)
      .type(PROBLEM_CONTENT_TYPE)
      .json(problemFrom(appErr, req.originalUrl, id));
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `No route for ${req.method} ${req.path}`));
};
