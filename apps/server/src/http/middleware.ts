import { timingSafeEqual } from 'node:crypto';
import type { Role, Store } from '@scoreflow/store';
import type { Request, RequestHandler } from 'express';
import { type Permission, permissionFor } from '../auth/permissions.js';
import { hashSecret } from '../auth/secrets.js';
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

/** Who is calling, once `authenticate` has checked the credentials. */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'session'; id: string; role: Role; userId: string; email: string; csrfToken: string }
  | { kind: 'token'; id: string; role: Role; userId: string | null }
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
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

function principalOf(req: Request, store: Store): Principal {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new AppError('unauthorized', 'The Authorization header must be "Bearer <token>"');
    const hash = hashSecret(match[1]);
    const token = store.access.useToken(hash);
    if (token) return { kind: 'token', id: token.id, role: token.role, userId: token.userId };
    const key = store.access.findWriteKey(hash);
    if (key) return { kind: 'writeKey', id: key.id };
    throw new AppError('unauthorized', 'The bearer token is not valid (unknown or revoked)');
  }
  const sessionId = cookieOf(req.headers.cookie, SESSION_COOKIE);
  if (sessionId) {
    const session = store.access.findSession(hashSecret(sessionId));
    if (session) {
      const { user, csrfToken } = session;
      return { kind: 'session', id: user.id, role: user.role, userId: user.id, email: user.email, csrfToken };
    }
  }
  return { kind: 'anonymous' };
}

function allowed(principal: Principal, permission: Permission): boolean {
  if (permission === 'public' || permission === 'segment') return true;
  if (principal.kind === 'anonymous') return false;
  if (principal.kind === 'writeKey') return permission === 'ingest';
  if (permission === 'ingest') return principal.role === 'admin' || principal.role === 'marketer';
  return permission.includes(principal.role);
}

/**
 * The single authentication and authorization seam, mounted before every route: it finds the caller
 * (Bearer API token or write key, else the session cookie), checks the route's entry in the permission
 * table and the CSRF token of cookie-authenticated writes. 401 without valid credentials, 403 with the
 * wrong role. Public routes ignore credentials entirely, so a stale token never breaks a health check.
 */
export function authenticate(store: Store): RequestHandler {
  return (req, _res, next) => {
    const permission = permissionFor(req.method, req.path);
    if (permission === 'public' || permission === 'segment') {
      req.principal = { kind: 'anonymous' };
      return next();
    }
    const principal = principalOf(req, store);
    req.principal = principal;
    if (principal.kind === 'anonymous') {
      return next(new AppError('unauthorized', 'Log in, or send "Authorization: Bearer <token>"'));
    }
    // A cookie is sent by the browser whichever site asks: a write must also prove it comes from our page.
    if (principal.kind === 'session' && !SAFE_METHODS.has(req.method)) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !equalSecrets(sent, principal.csrfToken)) {
        return next(new AppError('forbidden', 'Missing or wrong x-csrf-token header for a write'));
      }
    }
    if (!allowed(principal, permission)) {
      const who = principal.kind === 'writeKey' ? 'A write key' : `The role ${principal.role}`;
      return next(new AppError('forbidden', `${who} may not ${req.method} ${req.path}`));
    }
    next();
  };
}

function equalSecrets(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
