import { z } from 'zod';
import { CONDITION_OUTPUTS, defineNode } from '../define.js';

export const splitCondition = defineNode({
  type: 'condition.split',
  kind: 'condition',
  label: 'Random split',
  description:
    'Sends a random share of contacts to yes and the rest to no (A/B test). A contact takes the same branch every time it enters the flow.',
  icon: 'split',
  configSchema: z.strictObject({
    percent: z.number().min(0).max(100).describe('Share of contacts sent to yes'),
  }),
  outputs: CONDITION_OUTPUTS,
  defaultConfig: { percent: 50 },
  summary: (c) => `${c.percent}% yes / ${+(100 - c.percent).toFixed(4)}% no`,
});
