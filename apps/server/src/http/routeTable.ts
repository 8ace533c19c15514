import type { Permission, Route } from '@scoreflow/api';
import type { Express } from 'express';
import { permissionOf } from '../auth/guard.js';
import { contractOf } from './guardedRouter.js';

/** One registered route as express will match it, with the permission its guard checks. */
export interface RegisteredRoute {
  /** Lowercase method, or `*` for a mounted sub-application. */
  method: string;
  /** The full path pattern (`/api/flows/:id`); a mount ends in `/*`; a RegExp route is its source. */
  path: string;
  /** Undefined when the first handler is not a guard: such an app is refused at start. */
  permission: Permission | undefined;
  /** A route matched by a regular expression (the editor's pages) rather than a path pattern. */
  regexp: boolean;
  /** The contract route it was registered for (`guardedRouter().on`), if any. */
  contract: Route | undefined;
}

// The parts of express's router that the walk reads (router 2.x, the router of express 5).
interface Layer {
  handle: ((...args: unknown[]) => unknown) & { stack?: Layer[] };
  rawPath?: string | RegExp | (string | RegExp)[];
  route?: { path: string | RegExp; methods: Record<string, boolean>; stack: Layer[] };
}

const joined = (prefix: string, path: Layer['rawPath']): string => {
  const text = path instanceof RegExp ? path.source : Array.isArray(path) ? path.join('|') : (path ?? '');
  return text === '/' ? prefix : `${prefix}${text}`;
};

function walk(stack: readonly Layer[], prefix: string, out: RegisteredRoute[]): void {
  for (const layer of stack) {
    if (layer.route) {
      const path = joined(prefix, layer.route.path);
      const first = layer.route.stack[0]?.handle;
      const permission = permissionOf(first);
      const contract = contractOf(first);
      const regexp = layer.route.path instanceof RegExp;
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (on) out.push({ method: method === '_all' ? '*' : method, path, permission, regexp, contract });
      }
      continue;
    }
    const mounted = permissionOf(layer.handle);
    if (mounted !== undefined) {
      out.push({
        method: '*',
        path: `${joined(prefix, layer.rawPath)}/*`,
        permission: mounted,
        regexp: false,
        contract: undefined,
      });
    } else if (Array.isArray(layer.handle.stack)) {
      walk(layer.handle.stack, joined(prefix, layer.rawPath), out);
    }
    // Anything else is middleware that runs for every path (headers, parsers, limits, static files).
  }
}

/** Every route of `app` with its permission, in registration order. */
export function routeTable(app: Express): RegisteredRoute[] {
  const out: RegisteredRoute[] = [];
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '', out);
  return out;
}

/**
 * Refuses an app whose routes are not the contract's: a route without a declared permission, or an
 * API route that `routes` does not list (with that method, path and permission), fails at start
 * rather than being served. Only the editor's pages (a pattern) and mounted sub-applications (the
 * queue dashboard) stand outside the contract, each behind its own guard.
 */
export function assertRoutesMatchContract(app: Express, routes: readonly Route[]): void {
  const wrong: string[] = [];
  for (const r of routeTable(app)) {
    const name = `${r.method.toUpperCase()} ${r.path}`;
    if (r.permission === undefined) wrong.push(`${name} has no permission`);
    else if (r.regexp || r.method === '*') continue;
    else if (!r.contract || !routes.includes(r.contract))
      wrong.push(`${name} is not a route of the API contract`);
    else if (r.contract.method !== r.method || r.contract.path !== r.path) {
      wrong.push(`${name} is registered for ${r.contract.method.toUpperCase()} ${r.contract.path}`);
    }
  }
  if (wrong.length > 0)
    throw new Error(`The app's routes do not match the API contract: ${wrong.join('; ')}`);
}
