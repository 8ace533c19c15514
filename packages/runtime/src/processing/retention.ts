import type { PruneReport } from '@scoreflow/store';
import type { ProcessingDeps } from './context.js';

const DAY_MS = 86_400_000;

/**
 * The engagement level looks 90 days back, so data younger than that is never pruned whatever the
 * setting says.
 */
export const MIN_RETENTION_DAYS = 91;

/** Prunes run steps, events and delivered outbox rows older than `days`, then compacts the file. */
export async function applyRetention(deps: ProcessingDeps, days: number): Promise<PruneReport> {
  const keep = Math.max(days, MIN_RETENTION_DAYS);
  const report = await deps.store.retention.pruneBefore(deps.now() - keep * DAY_MS);
  await deps.store.retention.compact();
  return report;
}

/**
 * Anonymous events are only kept in the hope that their visitor identifies; after `days` (0: never)
 * they are deleted. No floor applies: they count in no contact's engagement until they are attached.
 */
export async function pruneAnonymousEvents(deps: ProcessingDeps, days: number): Promise<number> {
  if (days <= 0) return 0;
  return deps.store.anonymousEvents.pruneBefore(deps.now() - days * DAY_MS);
}
