import { RUN_STATUSES, type RunStatus } from '@scoreflow/api';
import type { StepRecord } from '@scoreflow/store';

/**
 * Nodes the run is failed at now: their last step failed, in the run's current attempt. A node that
 * failed before a retry and then succeeded is not one of them, nor is one whose failure a retry left
 * behind (the retry's own steps are the current state).
 */
export function failedInAttempt(
  steps: readonly Pick<StepRecord, 'nodeId' | 'status' | 'runAttempt'>[],
  attempt: number,
): string[] {
  const last = new Map<string, Pick<StepRecord, 'status' | 'runAttempt'>>();
  for (const step of steps) last.set(step.nodeId, step);
  return [...last]
    .filter(([, step]) => step.status === 'error' && step.runAttempt === attempt)
    .map(([nodeId]) => nodeId);
}

/** Per-status counts of an empty list. */
export const noRunCounts = (): Record<RunStatus, number> =>
  Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])) as Record<RunStatus, number>;
