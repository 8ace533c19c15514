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
  icon: '🎯',
  configSchema: z.strictObject({ score: ScoreName, value: z.number(), direction: ThresholdDirection }),
  outputs: ['next'],
  defaultConfig: { score: DEFAULT_SCORE, value: 50, direction: 'up' },
  summary: (c) =>
    c.direction === 'up' ? `${c.score} reaches ${c.value}` : `${c.score} falls below ${c.value}`,
});
