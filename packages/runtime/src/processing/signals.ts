import { crossedThreshold } from '@scoreflow/engine';
import {
  ENGAGEMENT_LEVELS,
  ENGAGEMENT_TRIGGER_KEY,
  type FlowNode,
  type NodeConfig,
  rearmsThreshold,
} from '@scoreflow/flow';
import { moveBands } from './bands.js';
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
  band: 'trigger.bandChanged',
  engagement: 'trigger.engagementChanged',
};

function keyOf(s: Signal): string {
  switch (s.kind) {
    case 'score':
    case 'band':
      return s.score;
    case 'tag':
      return s.tag;
    case 'list':
      return s.list;
    case 'attribute':
      return s.attribute;
    case 'engagement':
      return ENGAGEMENT_TRIGGER_KEY;
  }
}

const levelIndex = (level: string | null) => ENGAGEMENT_LEVELS.indexOf((level ?? 'not engaged') as never);

/**
 * Whether a matching trigger node fires for this signal. Score thresholds fire on a crossing in their
 * direction; with hysteresis, a trigger that fired stays quiet for the contact until the score has
 * moved back past the margin.
 */
function fires(job: Job, flowId: string, node: FlowNode, signal: Signal): boolean {
  switch (signal.kind) {
    case 'score': {
      const config = node.config as NodeConfig<'trigger.scoreThreshold'>;
      const margin = config.hysteresis ?? 0;
      const { thresholds } = job.deps.store;
      if (margin > 0 && thresholds.isDisarmed(job.contactId, flowId, node.id)) {
        if (rearmsThreshold(signal.value, config.value, config.direction, margin)) {
          thresholds.rearm(job.contactId, flowId, node.id);
        }
        return false;
      }
      if (!crossedThreshold(config, signal.previous, signal.value)) return false;
      if (margin > 0) thresholds.disarm(job.contactId, flowId, node.id);
      return true;
    }
    case 'band': {
      const config = node.config as NodeConfig<'trigger.bandChanged'>;
      return config.band === undefined || config.band === signal.band;
    }
    case 'engagement': {
      const config = node.config as NodeConfig<'trigger.engagementChanged'>;
      if (config.to !== undefined && config.to !== signal.to) return false;
      const rise = levelIndex(signal.to) - levelIndex(signal.from);
      return config.direction === 'any' || (config.direction === 'up' ? rise > 0 : rise < 0);
    }
    default:
      return true;
  }
}

/**
 * Starts the flows triggered by changes made earlier in this job, breadth first, in the same
 * transaction, so "score reached 50 → send the offer" happens with the event that crossed 50.
 */
export function drainSignals(job: Job): void {
  const { store, flows, logger } = job.deps;
  while (job.signals.length > 0) {
    const signal = job.signals.shift() as Signal;
    if (signal.kind === 'score') moveBands(job, signal.score, signal.previous, signal.value, signal.depth);
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
      const node = flows(match.flowId, match.version)?.nodes.find((n) => n.id === match.nodeId);
      if (!node || !fires(job, match.flowId, node, signal)) continue;
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
