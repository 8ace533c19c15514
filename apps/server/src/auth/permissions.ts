import type { Role } from '@scoreflow/store';
import type { Principal } from '../http/middleware.js';

/**
 * Who may call a route. Every route declares one when it is registered (see `guardedRouter`), and
 * the check runs after express has matched the route, so the permission that is checked is always
 * the one of the handler that runs, whatever spelling of the path the client sent.
 * - `public`: anyone (health checks, the reference, unsubscribe links, the editor's pages, login);
 * - `ingest`: a write key (Bearer) or an admin or marketer token or session: write keys can do only this;
 * - `segment`: the Segment-compatible routes check their write key themselves (HTTP Basic, Segment's scheme);
 * - a role list: a session or API token carrying one of these roles.
 *
 * Decisions worth knowing: support reads everything except secrets, runs the support actions on runs
 * (retry, cancel, restart, fast-forward, bulk retry) and may set a score by hand (that is how support
 * fixes a contact's standing after a mistake, and the ledger records who did it), but never edits
 * flows. Validating a flow and backtesting a scoring model change nothing: every role may.
 */
export type Permission = 'public' | 'ingest' | 'segment' | readonly Role[];

/** Every signed-in role: reading, and the support actions. */
export const ALL: readonly Role[] = ['admin', 'marketer', 'support'];
/** The roles that build: flows, scores, templates, models, imports. */
export const EDIT: readonly Role[] = ['admin', 'marketer'];
/** Users, tokens, write keys and the queue dashboard. */
export const ADMIN: readonly Role[] = ['admin'];

/** Whether `principal` passes `permission` (credentials already verified, CSRF already checked). */
export function allows(permission: Permission, principal: Principal): boolean {
  if (permission === 'public' || permission === 'segment') return true;
  if (principal.kind === 'anonymous') return false;
  if (principal.kind === 'writeKey') return permission === 'ingest';
  if (permission === 'ingest') return principal.role === 'admin' || principal.role === 'marketer';
  return permission.includes(principal.role);
}
