import { z } from 'zod';
import { defineNode } from '../define.js';
import { DEFAULT_SCORE, ScoreName } from './fields.js';

export const ThresholdDirection = z.enum(['up', 'down']);
export type ThresholdDirection = z.infer<typeof ThresholdDirection>;

/**
 * The crossing rule shared by the engine and the editor: going up, the score moves from below
 * `value` to `value` or more; going down, from `value` or more to below it. Staying on one side
 * never fires, so a contact at 60 gaining points does not re-enter a "reached 50" flow.
 */
export function crossesThreshold(
  previous: number,
  next: number,
  value: number,
  direction: ThresholdDirection,
): boolean {
  return direction === 'up' ? previous < value && next >= value : previous >= value && next < value;
}

export const scoreThresholdTrigger = defineNode({
  type: 'trigger.scoreThreshold',
  kind: 'trigger',
  label: 'Score threshold',
  description: 'Starts when a score crosses a value: up (reaches it) or down (falls below it).',
  icon: 'target',
  configSchema: z.strictObject({
    score: ScoreName,
    value: z.number(),
    direction: ThresholdDirection,
    /**
     * How far the score must move back before the trigger can fire again, so a contact hovering at
     * the line (49, 51, 49, 51...) does not re-enter every time. 0 or absent: fires on every crossing.
     */
    hysteresis: z.number().min(0).optional(),
  }),
  outputs: ['next'],
  defaultConfig: { score: DEFAULT_SCORE, value: 50, direction: 'up' },
  summary: (c) =>
    (c.direction === 'up' ? `${c.score} reaches ${c.value}` : `${c.score} falls below ${c.value}`) +
    (c.hysteresis ? ` (again after ±${c.hysteresis})` : ''),
  triggerKey: (c) => c.score,
});

/**
 * Whether a fired threshold trigger may fire again: the score has moved back past the value by the
 * hysteresis margin (below `value - hysteresis` going up, at or above `value + hysteresis` going down).
 */
export function rearmsThreshold(
  next: number,
  value: number,
  direction: ThresholdDirection,
  hysteresis: number,
): boolean {
  return direction === 'up' ? next <= value - hysteresis : next >= value + hysteresis;
}
