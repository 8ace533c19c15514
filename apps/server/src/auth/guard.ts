import { timingSafeEqual } from 'node:crypto';
import type { Permission } from '@scoreflow/api';
import type { Store } from '@scoreflow/store';
import type { Request, RequestHandler } from 'express';
import { AppError } from '../http/errors.js';
import { type Principal, SESSION_COOKIE } from '../http/middleware.js';
import { allows } from './permissions.js';
import { hashSecret } from './secrets.js';

/**
 * How a request's credentials are checked, attached to every request by {@link accessControl}.
 * Route guards reach it through the request, so a route module needs no store to declare who may call it.
 */
export interface Access {
  /** The verified caller; rejects with a 401 AppError for a bearer token that is malformed, unknown or revoked. */
  principal(req: Request): Promise<Principal>;
  /** The caller if its credentials are valid, else undefined; never rejects (rate-limit keys use it). */
  peek(req: Request): Promise<Principal | undefined>;
  /** Counts a failed credential check against the caller's address; answers 429 past the limit. */
  countFailure: RequestHandler;
}

declare global {
  namespace Express {
    interface Request {
      access?: Access;
    }
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const ANONYMOUS: Principal = { kind: 'anonymous' };

function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

async function resolve(req: Request, store: Store): Promise<Principal> {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new AppError('unauthorized', 'The Authorization header must be "Bearer <token>"');
    const hash = hashSecret(match[1]);
    const token = await store.access.useToken(hash);
    if (token)
      return { kind: 'token', id: token.id, name: token.name, role: token.role, userId: token.userId };
    const key = await store.access.findWriteKey(hash);
    if (key) return { kind: 'writeKey', id: key.id };
    throw new AppError('unauthorized', 'The bearer token is not valid (unknown or revoked)');
  }
  const sessionId = cookieOf(req.headers.cookie, SESSION_COOKIE);
  if (sessionId) {
    const session = await store.access.findSession(hashSecret(sessionId));
    if (session) {
      const { user, csrfToken } = session;
      return { kind: 'session', id: user.id, role: user.role, userId: user.id, email: user.email, csrfToken };
    }
  }
  return ANONYMOUS;
}

/**
 * Attaches {@link Access} to every request. It checks nothing by itself: credentials are looked at
 * only when a route's guard (or the rate limiter) asks, once per request, so a public route never
 * fails on a stale token and a made-up token is never looked up twice.
 */
export function accessControl(store: Store, countFailure: RequestHandler): RequestHandler {
  type Outcome = { principal: Principal } | { error: AppError };
  // The lookup's promise, kept from the first ask, so concurrent asks of one request share one lookup.
  const outcome = new WeakMap<Request, Promise<Outcome>>();
  const settle = (req: Request) => {
    let found = outcome.get(req);
    if (!found) {
      found = resolve(req, store).then(
        (principal): Outcome => ({ principal }),
        (err: unknown): Outcome => {
          if (!(err instanceof AppError)) throw err;
          return { error: err };
        },
      );
      outcome.set(req, found);
    }
    return found;
  };
  const access: Access = {
    async principal(req) {
      const found = await settle(req);
      if ('error' in found) throw found.error;
      return found.principal;
    },
    async peek(req) {
      const found = await settle(req);
      return 'principal' in found ? found.principal : undefined;
    },
    countFailure,
  };
  return (req, _res, next) => {
    req.access = access;
    next();
  };
}

const PERMISSION = Symbol('scoreflow.permission');

/** A route's permission check, marked so the route table can tell which permission a route has. */
export type Guard = RequestHandler & { readonly [PERMISSION]: Permission };

/** The permission a handler checks, if it is a guard made by {@link guard}. */
export function permissionOf(handler: unknown): Permission | undefined {
  return typeof handler === 'function' ? (handler as Partial<Guard>)[PERMISSION] : undefined;
}

/**
 * A credential one router's routes take besides the permission's, such as the metrics scraper's
 * token: true lets the request in without an account. The permission stays what the route table
 * and the route walk see; the credential only ever widens one router, never the others.
 */
export type RouteCredential = (req: Request) => boolean;

/**
 * The check that runs first in a route's own handler chain, after express matched the route: 401
 * without valid credentials, 403 with the wrong role, and for cookie-authenticated writes the CSRF
 * token, since a browser sends the cookie whichever site asks. Failing credential checks count
 * against the caller's address, so guessing tokens is limited like guessing passwords.
 */
export function guard(permission: Permission, orCredential?: RouteCredential): Guard {
  const check: RequestHandler = async (req, res, next) => {
    if (permission === 'public' || permission === 'segment' || orCredential?.(req)) {
      req.principal = ANONYMOUS;
      return next();
    }
    const access = req.access;
    // Fail closed: a route reached without access control (a wiring mistake) is refused, not opened.
    if (!access) return next(new AppError('internal', 'Access control is not set up for this app'));
    let principal: Principal;
    try {
      principal = await access.principal(req);
    } catch (err) {
      return access.countFailure(req, res, (limitErr?: unknown) => next(limitErr ?? err));
    }
    req.principal = principal;
    if (principal.kind === 'anonymous') {
      return next(new AppError('unauthorized', 'Log in, or send "Authorization: Bearer <token>"'));
    }
    if (principal.kind === 'session' && !SAFE_METHODS.has(req.method)) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !equalSecrets(sent, principal.csrfToken)) {
        return next(new AppError('forbidden', 'Missing or wrong x-csrf-token header for a write'));
      }
    }
    if (!allows(permission, principal)) {
      const who = principal.kind === 'writeKey' ? 'A write key' : `The role ${principal.role}`;
      return next(new AppError('forbidden', `${who} may not ${req.method} ${req.baseUrl}${req.path}`));
    }
    return next();
  };
  return Object.assign(check, { [PERMISSION]: permission });
}

/** `handler` behind `permission`, as one marked handler: for sub-applications mounted with `use`. */
export function guarded(permission: Permission, handler: RequestHandler): Guard {
  const check = guard(permission);
  const run: RequestHandler = (req, res, next) =>
    check(req, res, (err?: unknown) => (err ? next(err) : handler(req, res, next)));
  return Object.assign(run, { [PERMISSION]: permission });
}

function equalSecrets(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
