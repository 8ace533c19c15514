import type { Express } from 'express';
import { permissionOf } from '../auth/guard.js';
import type { Permission } from '../auth/permissions.js';

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
      const permission = permissionOf(layer.route.stack[0]?.handle);
      const regexp = layer.route.path instanceof RegExp;
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (on) out.push({ method: method === '_all' ? '*' : method, path, permission, regexp });
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
 * Refuses an app that has a route without a declared permission: it could only be reached by
 * registering a handler around `guardedRouter`, and must fail at start rather than be open.
 */
export function assertEveryRouteGuarded(app: Express): void {
  const open = routeTable(app).filter((r) => r.permission === undefined);
  if (open.length > 0) {
    const list = open.map((r) => `${r.method.toUpperCase()} ${r.path}`).join(', ');
    throw new Error(`Routes without a declared permission: ${list}`);
  }
}
