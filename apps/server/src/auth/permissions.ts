import type { Role } from '@scoreflow/store';

/**
 * Who may call a route:
 * - `public`: anyone (health checks, the reference, unsubscribe links, the editor's files, login);
 * - `ingest`: a write key (Bearer) or an admin or marketer token or session: write keys can do only this;
 * - `segment`: the Segment-compatible routes check their write key themselves (HTTP Basic, Segment's scheme);
 * - a role list: a session or API token carrying one of these roles.
 */
export type Permission = 'public' | 'ingest' | 'segment' | readonly Role[];

const ALL: readonly Role[] = ['admin', 'marketer', 'support'];
const EDIT: readonly Role[] = ['admin', 'marketer'];
const ADMIN: readonly Role[] = ['admin'];

/** One rule: a method (`*` any) and an express-style path (`:param` one segment, trailing `*` the rest). */
export interface PermissionRule {
  method: string;
  path: string;
  allow: Permission;
}

/**
 * The permission of every route, first match wins; anything unmatched under /api or /admin is admin-only,
 * so a route added without a rule is closed, not open. Decisions worth knowing:
 * - support reads everything except secrets, runs the support actions on runs (retry, cancel, restart,
 *   fast-forward, bulk retry) and may set a score by hand: that is how support fixes a contact's
 *   standing after a mistake, and the ledger records who did it. Support never edits flows.
 * - validating a flow and backtesting a scoring model change nothing: every role may.
 */
export const PERMISSIONS: readonly PermissionRule[] = [
  { method: 'get', path: '/healthz', allow: 'public' },
  { method: 'get', path: '/readyz', allow: 'public' },
  { method: '*', path: '/u/*', allow: 'public' },
  { method: 'get', path: '/api/openapi.json', allow: 'public' },
  { method: 'get', path: '/api/docs', allow: 'public' },
  { method: 'post', path: '/api/auth/login', allow: 'public' },
  { method: '*', path: '/api/auth/*', allow: ALL },
  { method: 'post', path: '/v1/*', allow: 'segment' },

  { method: 'post', path: '/api/events', allow: 'ingest' },
  { method: 'post', path: '/api/events/batch', allow: 'ingest' },

  { method: '*', path: '/api/users*', allow: ADMIN },
  { method: '*', path: '/api/tokens*', allow: ADMIN },
  { method: '*', path: '/api/write-keys*', allow: ADMIN },
  { method: '*', path: '/admin/*', allow: ADMIN },

  { method: 'get', path: '/api/flows/:id/webhook-secret', allow: EDIT },
  { method: 'post', path: '/api/flows/validate', allow: ALL },
  { method: 'post', path: '/api/runs/:id/retry', allow: ALL },
  { method: 'post', path: '/api/runs/:id/restart', allow: ALL },
  { method: 'post', path: '/api/runs/:id/cancel', allow: ALL },
  { method: 'post', path: '/api/runs/:id/fast-forward', allow: ALL },
  { method: 'post', path: '/api/runs/retry', allow: ALL },
  { method: 'post', path: '/api/contacts/:id/scores/:name', allow: ALL },
  { method: 'post', path: '/api/scoring-models/:id/backtest', allow: ALL },

  { method: 'get', path: '/api/*', allow: ALL },
  { method: '*', path: '/api/*', allow: EDIT },
];

const compiled = PERMISSIONS.map((rule) => ({
  ...rule,
  pattern: new RegExp(
    `^${rule.path
      .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
      .replace(/:\w+/g, '[^/]+')
      .replace(/\*$/, '.*')}/?$`,
  ),
}));

/** The rule that decides `method path`, if one does (HEAD is decided as GET). */
export function ruleFor(method: string, path: string): PermissionRule | undefined {
  const m = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
  return compiled.find((r) => (r.method === '*' || r.method === m) && r.pattern.test(path));
}

/**
 * The permission of a request. Paths outside /api, /admin and /v1 are the editor's files and pages:
 * public, since the editor itself asks for a login when the API answers 401.
 */
export function permissionFor(method: string, path: string): Permission {
  const rule = ruleFor(method, path);
  if (rule) return rule.allow;
  return /^\/(api|admin|v1)(\/|$)/.test(path) ? ADMIN : 'public';
}
