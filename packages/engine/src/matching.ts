import { crossesThreshold, type NodeConfig } from '@scoreflow/flow';
import type { EventView } from './types.js';
import { compareValue, readPath } from './values.js';

/**
 * Whether an event starts a `trigger.event` node: same type and every `where` filter holds.
 * Filters read event properties by flat key or dotted path ('utm.source'); type mismatches are
 * false, never an error.
 */
export function matchesEventTrigger(config: NodeConfig<'trigger.event'>, event: EventView): boolean {
  if (event.type !== config.event) return false;
  const properties =
    typeof event.properties === 'object' && event.properties !== null ? event.properties : {};
  return (config.where ?? []).every((f) => compareValue(readPath(properties, f.property), f.op, f.value));
}

/**
 * Whether a score change from `previous` to `value` crosses a `trigger.scoreThreshold` node:
 * up when previous < threshold <= value, down when previous >= threshold > value.
 */
export function crossedThreshold(
  config: NodeConfig<'trigger.scoreThreshold'>,
  previous: number,
  value: number,
): boolean {
  return crossesThreshold(previous, value, config.value, config.direction);
}
