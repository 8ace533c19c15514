import type { RequestHandler } from 'express';
import { AppError } from './errors.js';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Write routes take JSON only. A body sent as a form or text would otherwise be silently ignored by
 * the JSON parser and reach the handler as `undefined`, which reads to the user as "my data vanished".
 */
export const requireJson: RequestHandler = (req, _res, next) => {
  if (!WRITE_METHODS.has(req.method)) return next();
  const hasBody =
    Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody) return next();
  if (!req.is('application/json') && !req.is('application/*+json')) {
    return next(
      new AppError(
        'unsupported_media_type',
        `This route takes application/json; the request was sent as ${req.headers['content-type'] ?? 'no content type'}`,
      ),
    );
  }
  next();
};

/** Who is calling. Filled by `authenticate`; the access-control work decides roles and permissions. */
export interface Principal {
  kind: 'anonymous' | 'token';
  token?: string;
}

declare global {
  namespace Express {
    interface Request {
      principal?: Principal;
    }
  }
}

/**
 * The single authentication seam. Today it records a bearer token when one is sent and lets every
 * request through as the embedded single-user default; roles and token checks plug in here later,
 * without touching the routes.
 */
export function authenticate(): RequestHandler {
  return (req, _res, next) => {
    const header = req.headers.authorization;
    if (header === undefined) {
      req.principal = { kind: 'anonymous' };
      return next();
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      return next(new AppError('unauthorized', 'The Authorization header must be "Bearer <token>"'));
    }
    req.principal = { kind: 'token', token: match[1] };
    next();
  };
}
