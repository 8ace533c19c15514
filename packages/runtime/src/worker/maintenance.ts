import type { RuntimeObserver } from '../observer.js';
import {
  applyDecay,
  applyRetention,
  type ProcessingDeps,
  pruneAnonymousEvents,
  sweepEngagement,
  sweepExits,
} from '../processing/index.js';

/** Runs `task` and tells the observer how long it took (wall time, whatever the runtime's clock says). */
export async function timed<T>(observer: RuntimeObserver, task: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    observer.maintenance(task, performance.now() - started);
  }
}

/** The scheduled upkeep of the store's data: exit criteria, score decay, engagement levels, retention. */
export function createMaintenance(
  deps: ProcessingDeps,
  observer: RuntimeObserver,
  retentionDays: number,
  anonymousRetentionDays: number,
) {
  return {
    /** Exit criteria, score decay and engagement; the schedule runs it, tests call it on a test clock. */
    sweep: async () => ({
      exits: await timed(observer, 'exits', () => sweepExits(deps)),
      decay: await timed(observer, 'decay', () => applyDecay(deps)),
      engagement: await timed(observer, 'engagement', () => sweepEngagement(deps)),
    }),
    retention: (days = retentionDays) => timed(observer, 'retention', () => applyRetention(deps, days)),
    /** Anonymous events past their own retention; returns how many were deleted. */
    anonymousRetention: (days = anonymousRetentionDays) =>
      timed(observer, 'retention', () => pruneAnonymousEvents(deps, days)),
  };
}

export type Maintenance = ReturnType<typeof createMaintenance>;
