import type { Signal } from '../processing/signals.js';
import { type ActionRuntime, type ActionType, actionRuntime, type OutboundAction } from './actions.js';
import { type FireArgs, type TriggerRuntime, type TriggerType, triggerRuntime } from './triggers.js';

export type { ActionType, OutboundAction, PayloadArgs } from './actions.js';
export type { FireArgs, TriggerType } from './triggers.js';

/**
 * What the runtime does for each node type that reaches outside the engine: how triggers start runs,
 * how actions' effects are written and delivered. Conditions and control nodes live in the engine
 * alone. Like the engine's executor table, a missing entry is a compile error.
 */
export const nodeRuntime: {
  readonly [T in TriggerType | ActionType]: T extends TriggerType
    ? TriggerRuntime<T>
    : T extends ActionType
      ? ActionRuntime<T>
      : never;
} = { ...triggerRuntime, ...actionRuntime };

/** A signal trigger as the work loop calls it, whatever its type. */
export interface SignalTrigger {
  type: TriggerType;
  key(signal: Signal): string;
  fires?(args: FireArgs<TriggerType, Signal>): boolean | Promise<boolean>;
}

const bySignal = new Map<Signal['kind'], SignalTrigger[]>();
const outboundTypes = new Map<string, ActionType>();
for (const [type, entry] of Object.entries(nodeRuntime) as [
  TriggerType | ActionType,
  TriggerRuntime<TriggerType> | ActionRuntime<ActionType>,
][]) {
  if (entry === 'contact') continue;
  if ('outbox' in entry) {
    // The kind tells a stored row's delivery: two action types sharing one would deliver each other's.
    if (outboundTypes.has(entry.outbox)) throw new Error(`outbox kind "${entry.outbox}" is used twice`);
    outboundTypes.set(entry.outbox, type as ActionType);
    continue;
  }
  if (entry.on === 'event') continue;
  // The entry's own types tie `key` and `fires` to its signal kind; the loop only hands it that kind.
  const trigger = { type: type as TriggerType, ...entry } as unknown as SignalTrigger;
  bySignal.set(entry.on, [...(bySignal.get(entry.on) ?? []), trigger]);
}

/** The trigger types a signal of this kind can fire. */
export const triggersOn = (kind: Signal['kind']): readonly SignalTrigger[] => bySignal.get(kind) ?? [];

/** How an action type's effect goes out, or undefined for actions that only change the contact. */
export function outboundAction<T extends ActionType>(type: T): OutboundAction<T> | undefined {
  const entry = nodeRuntime[type] as ActionRuntime<T>;
  return entry === 'contact' ? undefined : entry;
}

/** The action type whose outbox rows have this kind (undefined for a kind this code does not know). */
export const actionOfOutboxKind = (kind: string): ActionType | undefined => outboundTypes.get(kind);
