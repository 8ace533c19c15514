import type { Answers, Permission, Route } from '@scoreflow/api';
import { type RequestHandler, Router } from 'express';
import type { RouteParameters } from 'express-serve-static-core';
import type { z } from 'zod';
import { guard, guarded, permissionOf, type RouteCredential } from '../auth/guard.js';

type Handlers<Path extends string | RegExp> = [
  RequestHandler<RouteParameters<Path>>,
  ...RequestHandler<RouteParameters<Path>>[],
];
type AnyRoute<Path extends string> = Route<Path, Answers, z.ZodType | undefined, z.ZodObject | undefined>;

/**
 * A router whose routes are the API contract's (`@scoreflow/api`): `on(API.flows.get, handler)`
 * registers the contract's method and path with the contract's permission, checked first in the
 * route's own handler chain, after express has matched it. There is no way to add an API route that
 * is not in the contract, and `assertRoutesMatchContract` refuses to start an app that has one anyway.
 */
export interface GuardedRouter {
  readonly router: Router;
  on<Path extends string>(route: AnyRoute<Path>, ...handlers: Handlers<Path>): GuardedRouter;
  /** A whole sub-application under `path` (the queue dashboard), behind one permission. */
  mount(path: string, permission: Permission, handler: RequestHandler): GuardedRouter;
  /** The editor's client-side pages: public, and matched by a pattern rather than a contract path. */
  pages(pattern: RegExp, handler: RequestHandler): GuardedRouter;
}

export interface GuardedRouterOptions {
  /**
   * Body parsing for the router's writes, run after the guard, so an unauthenticated caller never
   * makes the server parse a large body.
   */
  body?: RequestHandler | readonly RequestHandler[];
  /** A credential this router's routes also take (the metrics scraper's token): see `guard`. */
  orCredential?: RouteCredential;
}

/** Routing options of every router: `/API/users` and `/api/users/` are not `/api/users`. */
export const ROUTER_OPTIONS = { caseSensitive: true, strict: true } as const;

const WRITES = new Set(['post', 'put', 'patch']);

/** The contract route a handler chain was registered for, so the route table can check it. */
const CONTRACT = Symbol('scoreflow.contract');

export function guardedRouter(options: GuardedRouterOptions = {}): GuardedRouter {
  const router = Router(ROUTER_OPTIONS);
  const body = options.body === undefined ? [] : [options.body].flat();
  const self: GuardedRouter = {
    router,
    on(route, ...handlers) {
      const check = Object.assign(guard(route.permission, options.orCredential), { [CONTRACT]: route });
      const parse = WRITES.has(route.method) ? body : [];
      router[route.method](route.path, check, ...parse, ...(handlers as unknown as RequestHandler[]));
      return self;
    },
    mount(path, permission, handler) {
      router.use(path, guarded(permission, handler));
      return self;
    },
    pages(pattern, handler) {
      router.get(pattern, guard('public'), handler);
      return self;
    },
  };
  return self;
}

/** The contract route of a registered handler chain's first handler, if it was registered with `on`. */
export function contractOf(handler: unknown): Route | undefined {
  return permissionOf(handler) === undefined ? undefined : (handler as { [CONTRACT]?: Route })[CONTRACT];
}
