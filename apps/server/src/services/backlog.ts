import type { Backlog, Store } from '@scoreflow/store';

/**
 * A wait is overdue once it is this far past its due time and still pending: the reconciler runs every
 * 30 s by default, so a wait a few seconds late is normal, one a minute late is not being fired.
 */
export const WAIT_OVERDUE_AFTER_MS = 60_000;

export type { Backlog } from '@scoreflow/store';

/** What the database (the system of record) says is still to do. */
export function readBacklog(store: Store, now = store.now()): Promise<Backlog> {
  return store.health.backlog(now - WAIT_OVERDUE_AFTER_MS);
}
