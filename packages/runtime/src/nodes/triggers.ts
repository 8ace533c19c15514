import { crossedThreshold, type EventView, matchesEventTrigger, type TypesOfKind } from '@scoreflow/engine';
import {
  crossesThreshold,
  ENGAGEMENT_LEVELS,
  ENGAGEMENT_TRIGGER_KEY,
  gradeWithin,
  type NodeConfig,
  rearmsThreshold,
} from '@scoreflow/flow';
import type { Store } from '@scoreflow/store';
import type { Signal } from '../processing/signals.js';

export type TriggerType = TypesOfKind<'trigger'>;
type SignalOf<K extends Signal['kind']> = Extract<Signal, { kind: K }>;

/** What a trigger's `fires` may look at: the matching node, its config, the signal and the store. */
export interface FireArgs<T extends TriggerType, S> {
  store: Store;
  contactId: string;
  flowId: string;
  nodeId: string;
  config: NodeConfig<T>;
  signal: S;
}

/**
 * How the runtime starts runs of one trigger type. `on` names the change that fires it (a signal of
 * that kind, or the incoming event); `key` is the trigger index key the signal is looked up under (the
 * node's catalog `triggerKey` indexes the same key); `fires` (default: always) decides for one
 * matching node, at once or, when it reads the store, with a promise.
 */
export type TriggerRuntime<T extends TriggerType> = T extends 'trigger.event'
  ? { on: 'event'; fires(config: NodeConfig<T>, event: EventView): boolean }
  : {
      [K in Signal['kind']]: {
        on: K;
        key(signal: SignalOf<K>): string;
        fires?(args: FireArgs<T, SignalOf<K>>): boolean | Promise<boolean>;
      };
    }[Signal['kind']];

const levelIndex = (level: string | null) => ENGAGEMENT_LEVELS.indexOf((level ?? 'not engaged') as never);

/** One entry per trigger type: a trigger added to the catalog without one is a compile error. */
export const triggerRuntime: { readonly [T in TriggerType]: TriggerRuntime<T> } = {
  'trigger.event': { on: 'event', fires: (config, event) => matchesEventTrigger(config, event) },
  'trigger.scoreThreshold': {
    on: 'score',
    key: (s) => s.score,
    // Fires on a crossing in its direction; with hysteresis, a trigger that fired stays quiet for the
    // contact until the score has moved back past the margin.
    fires: async ({ store, contactId, flowId, nodeId, config, signal }) => {
      const margin = config.hysteresis ?? 0;
      const { thresholds } = store;
      if (margin > 0 && (await thresholds.isDisarmed(contactId, flowId, nodeId))) {
        if (rearmsThreshold(signal.value, config.value, config.direction, margin)) {
          await thresholds.rearm(contactId, flowId, nodeId);
        }
        return false;
      }
      if (!crossedThreshold(config, signal.previous, signal.value)) return false;
      if (margin > 0) await thresholds.disarm(contactId, flowId, nodeId);
      return true;
    },
  },
  'trigger.tagAdded': { on: 'tag', key: (s) => s.tag },
  'trigger.listJoined': { on: 'list', key: (s) => s.list },
  'trigger.attributeChanged': { on: 'attribute', key: (s) => s.attribute },
  'trigger.bandChanged': {
    on: 'band',
    key: (s) => s.score,
    fires: ({ config, signal }) => config.band === undefined || config.band === signal.band,
  },
  'trigger.gradeChanged': {
    on: 'grade',
    key: (s) => s.model,
    fires: ({ config, signal }) => gradeWithin(signal.grade, config),
  },
  'trigger.accountThreshold': {
    on: 'account',
    key: (s) => s.score,
    // Once per account: the first crossing is recorded, and later ones (after the account fell back
    // below, or by another of its contacts) find it recorded.
    fires: async ({ store, contactId, flowId, nodeId, config, signal }) =>
      crossesThreshold(signal.previous, signal.value, config.value, 'up') &&
      (await store.accounts.markFired(flowId, nodeId, signal.account, contactId)),
  },
  'trigger.engagementChanged': {
    on: 'engagement',
    key: () => ENGAGEMENT_TRIGGER_KEY,
    fires: ({ config, signal }) => {
      if (config.to !== undefined && config.to !== signal.to) return false;
      const rise = levelIndex(signal.to) - levelIndex(signal.from);
      return config.direction === 'any' || (config.direction === 'up' ? rise > 0 : rise < 0);
    },
  },
};
