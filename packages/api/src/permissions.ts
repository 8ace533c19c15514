import { z } from 'zod';

/** What a user or an API token may do; `Permission` below says what each role may call. */
export const Role = z.enum(['admin', 'marketer', 'support']);
export type Role = z.infer<typeof Role>;
export const ROLES: readonly Role[] = Role.options;

/**
 * Who may call a route, declared with the route itself and checked by the server after express has
 * matched it, so the permission that is checked is always the one of the handler that runs.
 * - `public`: anyone (health checks, the reference, unsubscribe links, login);
 * - `ingest`: a write key (Bearer) or an admin or marketer token or session: write keys can do only this;
 * - `segment`: the Segment-compatible routes check their write key themselves (HTTP Basic, Segment's scheme);
 * - a role list: a session or API token carrying one of these roles.
 *
 * Decisions worth knowing: support reads everything except secrets, runs the support actions on runs
 * (retry, cancel, restart, fast-forward, bulk retry) and may set a score by hand (that is how support
 * fixes a contact's standing after a mistake, and the ledger records who did it), but never edits
 * flows, nor merges contacts (a merge removes a record for good). Validating a flow and backtesting a
 * scoring model change nothing: every role may.
 */
export type Permission = 'public' | 'ingest' | 'segment' | readonly Role[];

/** Every signed-in role: reading, and the support actions. */
export const ALL: readonly Role[] = ['admin', 'marketer', 'support'];
/** The roles that build: flows, scores, templates, models, imports. */
export const EDIT: readonly Role[] = ['admin', 'marketer'];
/** Users, tokens, write keys and the queue dashboard. */
export const ADMIN: readonly Role[] = ['admin'];
