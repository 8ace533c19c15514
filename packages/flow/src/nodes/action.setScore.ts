import { z } from 'zod';
import { defineNode } from '../define.js';
import { DEFAULT_SCORE, ScoreName } from './fields.js';

export const setScoreAction = defineNode({
  type: 'action.setScore',
  kind: 'action',
  label: 'Set score',
  description: 'Sets a score to a value, e.g. resets it to 0.',
  icon: 'equal',
  configSchema: z.strictObject({ score: ScoreName, value: z.number() }),
  outputs: ['next'],
  defaultConfig: { score: DEFAULT_SCORE, value: 0 },
  summary: (c) => `Set ${c.score} to ${c.value}`,
});
