import { z } from 'zod';
import { CONDITION_OUTPUTS, defineNode } from '../define.js';
import { DEFAULT_SCORE, ScoreName, ScoreOp } from './fields.js';

export const scoreCondition = defineNode({
  type: 'condition.score',
  kind: 'condition',
  label: 'Score',
  description: 'Branches on a score: yes when the comparison holds.',
  icon: 'gauge',
  configSchema: z.strictObject({ score: ScoreName, op: ScoreOp, value: z.number() }),
  outputs: CONDITION_OUTPUTS,
  defaultConfig: { score: DEFAULT_SCORE, op: '>', value: 50 },
  summary: (c) => `${c.score} ${c.op} ${c.value}`,
});
