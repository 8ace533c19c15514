import { crossedThreshold } from '@scoreflow/engine';
import type { NodeConfig } from '@scoreflow/flow';
import { startRun } from './execute.js';
import type { Job, Signal } from './job.js';

/**
 * How many trigger hops one event may cause ("score crossed 50" → a flow adds a tag → "tag added"
 * starts another flow → ...). Flows that trigger each other in a circle stop here instead of looping.
 */
export const MAX_TRIGGER_DEPTH = 8;

const TRIGGER_OF: Record<Signal['kind'], string> = {
  score: 'trigger.scoreThreshold',
  tag: 'trigger.tagAdded',
  list: 'trigger.listJoined',
  attribute: 'trigger.attributeChanged',
};

const keyOf = (s: Signal) =>
  s.kind === 'score' ? s.score : s.kind === 'tag' ? s.tag : s.kind === 'list' ? s.list : s.attribute;

/**
 * Starts the flows triggered by changes made earlier in this job, breadth first, in the same
 * transaction, so "score reached 50 → send the offer" happens with the event that crossed 50.
 */
export function drainSignals(job: Job): void {
  const { store, flows, logger } = job.deps;
  while (job.signals.length > 0) {
    const signal = job.signals.shift() as Signal;
    const matches = store.triggers.find(TRIGGER_OF[signal.kind], keyOf(signal));
    if (matches.length === 0) continue;
    if (signal.depth >= MAX_TRIGGER_DEPTH) {
      logger?.warn(
        { contactId: job.contactId, eventId: job.eventId, signal },
        `trigger depth limit of ${MAX_TRIGGER_DEPTH} reached: flows trigger each other in a loop`,
      );
      continue;
    }
    for (const match of matches) {
      if (signal.kind === 'score') {
        const node = flows(match.flowId, match.version)?.nodes.find((n) => n.id === match.nodeId);
        if (!node) continue;
        const config = node.config as NodeConfig<'trigger.scoreThreshold'>;
        if (!crossedThreshold(config, signal.previous, signal.value)) continue;
      }
      const outer = job.depth;
      job.depth = signal.depth + 1;
      try {
        startRun(job, match, { kind: 'start', triggerNodeId: match.nodeId });
      } finally {
        job.depth = outer;
      }
    }
  }
}
