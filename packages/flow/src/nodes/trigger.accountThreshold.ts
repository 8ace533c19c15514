import { z } from 'zod';
import { defineNode } from '../define.js';
import { DEFAULT_SCORE, ScoreName } from './fields.js';

export const accountThresholdTrigger = defineNode({
  type: 'trigger.accountThreshold',
  kind: 'trigger',
  label: 'Account score reached',
  description:
    "Starts once per account when the account's score (its contacts' scores added up, or their highest or average, as the score says) reaches a value. The run is the contact whose change made it.",
  icon: 'building-2',
  configSchema: z.strictObject({ score: ScoreName, value: z.number() }),
  outputs: ['next'],
  defaultConfig: { score: DEFAULT_SCORE, value: 200 },
  summary: (c) => `Account ${c.score} reaches ${c.value} (once per account)`,
  triggerKey: (c) => c.score,
});
