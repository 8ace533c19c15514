import { type RequestHandler, Router } from 'express';
import type { RouteParameters } from 'express-serve-static-core';
import { guard, guarded, type RouteCredential } from '../auth/guard.js';
import type { Permission } from '../auth/permissions.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Handlers<Path extends string | RegExp> = [
  RequestHandler<RouteParameters<Path>>,
  ...RequestHandler<RouteParameters<Path>>[],
];
type Register = <Path extends string | RegExp>(
  path: Path,
  permission: Permission,
  ...handlers: Handlers<Path>
) => GuardedRouter;

/**
 * A router whose every route names its permission when it is registered; the guard runs first in the
 * route's own handler chain, after express has matched it. There is no way to add a route without a
 * permission, and `assertEveryRouteGuarded` refuses to start an app that has one anyway.
 */
export interface GuardedRouter {
  readonly router: Router;
  get: Register;
  post: Register;
  put: Register;
  patch: Register;
  delete: Register;
  /** A whole sub-application under `path` (the queue dashboard), behind one permission. */
  mount(path: string, permission: Permission, handler: RequestHandler): GuardedRouter;
}

export interface GuardedRouterOptions {
  /**
   * Body parsing for the router's writes, run after the guard, so an unauthenticated caller never
   * makes the server parse a large body.
   */
  body?: RequestHandler | readonly RequestHandler[];
  /** A credential these routes accept besides their permission (see {@link RouteCredential}). */
  orCredential?: RouteCredential;
}

/** Routing options of every router: `/API/users` and `/api/users/` are not `/api/users`. */
export const ROUTER_OPTIONS = { caseSensitive: true, strict: true } as const;

const WRITES = new Set<Method>(['post', 'put', 'patch']);

export function guardedRouter(options: GuardedRouterOptions = {}): GuardedRouter {
  const router = Router(ROUTER_OPTIONS);
  const body = options.body === undefined ? [] : [options.body].flat();
  const register =
    (method: Method): Register =>
    (path, permission, ...handlers) => {
      const parse = WRITES.has(method) ? body : [];
      const check = guard(permission, options.orCredential);
      router[method](path, check, ...parse, ...(handlers as unknown as RequestHandler[]));
      return self;
    };
  const self: GuardedRouter = {
    router,
    get: register('get'),
    post: register('post'),
    put: register('put'),
    patch: register('patch'),
    delete: register('delete'),
    mount(path, permission, handler) {
      router.use(path, guarded(permission, handler));
      return self;
    },
  };
  return self;
}
