import type { PruneReport } from '@scoreflow/store';
import type { ProcessingDeps } from './context.js';

const DAY_MS = 86_400_000;

/**
 * The engagement level looks 90 days back, so data younger than that is never pruned whatever the
 * setting says.
 */
export const MIN_RETENTION_DAYS = 91;

/** Prunes run steps, events and delivered outbox rows older than `days`, then compacts the file. */
export function applyRetention(deps: ProcessingDeps, days: number): PruneReport {
  const keep = Math.max(days, MIN_RETENTION_DAYS);
  const report = deps.store.retention.pruneBefore(deps.now() - keep * DAY_MS);
  deps.store.retention.compact();
  return report;
}
