import type { Role } from '@scoreflow/store';
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

/** Who is calling, once a route's guard has checked the credentials. */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'session'; id: string; role: Role; userId: string; email: string; csrfToken: string }
  | { kind: 'token'; id: string; name: string; role: Role; userId: string | null }
  | { kind: 'writeKey'; id: string };

declare global {
  namespace Express {
    interface Request {
      principal?: Principal;
    }
  }
}

/** The session cookie; httpOnly, so page scripts never see it. */
export const SESSION_COOKIE = 'scoreflow_session';
