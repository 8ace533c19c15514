import { z } from 'zod';
import { CONDITION_OUTPUTS, defineNode } from '../define.js';

/** The five engagement levels, lowest first: comparisons use this order. */
export const ENGAGEMENT_LEVELS = ['not engaged', 'at risk', 'neutral', 'engaged', 'highly engaged'] as const;
export const EngagementLevel = z.enum(ENGAGEMENT_LEVELS);
export type EngagementLevel = z.infer<typeof EngagementLevel>;

/** Whether `level` is `atLeast` or higher. */
export function engagementAtLeast(level: EngagementLevel, atLeast: EngagementLevel): boolean {
  return ENGAGEMENT_LEVELS.indexOf(level) >= ENGAGEMENT_LEVELS.indexOf(atLeast);
}

export const engagementCondition = defineNode({
  type: 'condition.engagement',
  kind: 'condition',
  label: 'Engagement level',
  description: 'Branches on the contact engagement level: yes when it is at least the chosen level.',
  icon: 'trending-up',
  configSchema: z.strictObject({ atLeast: EngagementLevel }),
  outputs: CONDITION_OUTPUTS,
  defaultConfig: { atLeast: 'engaged' },
  summary: (c) => `Engagement at least ${c.atLeast}`,
});
