import { z } from 'zod';
import { defineNode } from '../define.js';
import { EngagementTier, FitGrade } from '../grades.js';
import { Name } from './fields.js';

export const gradeChangedTrigger = defineNode({
  type: 'trigger.gradeChanged',
  kind: 'trigger',
  label: 'Grade changed',
  description:
    "Starts when a contact's fit × engagement grade under a scoring model changes, optionally only into one of the chosen letters and digits.",
  icon: 'award',
  configSchema: z.strictObject({
    model: Name.describe('Scoring model'),
    /** Only when the new grade has one of these letters; any when absent. */
    fit: z.array(FitGrade).optional().describe('Into fit grades (any when none chosen)'),
    /** Only when the new grade has one of these digits; any when absent. */
    engagement: z.array(EngagementTier).optional().describe('Into engagement tiers (any when none chosen)'),
  }),
  outputs: ['next'],
  defaultConfig: { model: 'Lead scoring', fit: ['A'] },
  summary: (c) => {
    const into = [c.fit?.length ? c.fit.join('/') : '', c.engagement?.length ? c.engagement.join('/') : '']
      .filter(Boolean)
      .join(' × ');
    return into ? `${c.model} grade becomes ${into}` : `${c.model} grade changes`;
  },
  triggerKey: (c) => c.model,
});
