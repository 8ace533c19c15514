import { z } from 'zod';
import { CONDITION_OUTPUTS, defineNode } from '../define.js';
import { EngagementTier, FitGrade } from '../grades.js';
import { Name } from './fields.js';

/** Letters and digits a grade is within; "A or B, 1 or 2" reads A1, A2, B1, B2. */
export const GradeChoice = {
  fit: z.array(FitGrade).min(1, { error: 'Choose at least one fit grade' }).describe('Fit grades'),
  engagement: z
    .array(EngagementTier)
    .min(1, { error: 'Choose at least one engagement tier' })
    .describe('Engagement tiers'),
};

/** "A or B, 1 or 2" */
export const describeGradeChoice = (c: { fit: readonly string[]; engagement: readonly string[] }) =>
  `${c.fit.join(' or ')} × ${c.engagement.join(' or ')}`;

export const gradeCondition = defineNode({
  type: 'condition.grade',
  kind: 'condition',
  label: 'Grade',
  description:
    "Branches on the contact's fit × engagement grade under a scoring model: yes when its letter and digit are among those chosen (A or B with 1 or 2 is A1, A2, B1, B2).",
  icon: 'award',
  configSchema: z.strictObject({ model: Name.describe('Scoring model'), ...GradeChoice }),
  outputs: CONDITION_OUTPUTS,
  defaultConfig: { model: 'Lead scoring', fit: ['A', 'B'], engagement: ['1', '2'] },
  summary: (c) => `${c.model} grade ${describeGradeChoice(c)}`,
});
