import type { RunFilter, Store } from '@scoreflow/store';
import { createAfterCommit } from './afterCommit.js';
import {
  applyFitToAll,
  cancelRun,
  changeScoreManually,
  createFlowVersionCache,
  fastForwardRun,
  type MissingStepChoice,
  mergeContacts,
  moveRunsToLatest,
  type ProcessingDeps,
  restartRun,
  retryMatching,
  retryRun,
} from './processing/index.js';
import type { Queues } from './queues.js';

/**
 * What support staff can do to runs and scores, for the API process: each action commits in the store, then hands
 * the waits and deliveries it produced to the queues.
 */
export function createRunControl(options: {
  store: Store;
  queues: Queues;
  now?: () => number;
  /** Same as the workers' settings, so a retried delivery retries like a first one. */
  deliveryAttempts?: number | undefined;
  deliveryBackoffMs?: number | undefined;
}) {
  const deps: ProcessingDeps = {
    store: options.store,
    flows: createFlowVersionCache(options.store),
    now: options.now ?? Date.now,
  };
  const schedule = createAfterCommit({
    queues: options.queues,
    now: deps.now,
    deliveryAttempts: options.deliveryAttempts,
    deliveryBackoffMs: options.deliveryBackoffMs,
  });
  return {
    async retry(runId: string, actor: string) {
      const result = await retryRun(deps, runId, actor);
      await schedule(result.afterCommit);
      return result.run;
    },
    async restart(runId: string, actor: string) {
      const result = await restartRun(deps, runId, actor);
      await schedule(result.afterCommit);
      return result.run;
    },
    cancel: (runId: string, actor: string) => cancelRun(deps, runId, actor),
    async fastForward(runId: string, actor: string) {
      const result = await fastForwardRun(deps, runId, actor);
      await schedule(result.afterCommit);
      return result.run;
    },
    async changeScore(input: Parameters<typeof changeScoreManually>[1]) {
      const { entry, afterCommit } = await changeScoreManually(deps, input);
      await schedule(afterCommit);
      return entry;
    },
    async merge(input: Parameters<typeof mergeContacts>[1]) {
      const { afterCommit, ...result } = await mergeContacts(deps, input);
      await schedule(afterCommit);
      return result;
    },
    /** Moves the waiting runs of the flow's older versions to its latest version. */
    async moveToLatest(flowId: string, missing: MissingStepChoice, actor: string) {
      const result = await moveRunsToLatest(deps, flowId, missing, actor);
      if (!result) return undefined;
      const { afterCommit, ...summary } = result;
      await schedule(afterCommit);
      return summary;
    },
    /** Applies a scoring model's attribute rules (and grades) to every contact now. */
    applyFit(modelId: string) {
      return applyFitToAll(deps, modelId, schedule);
    },
    async retryMatching(filter: Omit<RunFilter, 'status' | 'limit' | 'offset'>, actor: string) {
      const { afterCommit, ...result } = await retryMatching(deps, filter, actor);
      await schedule(afterCommit);
      return result;
    },
  };
}

export type RunControl = ReturnType<typeof createRunControl>;
