import { z } from 'zod';
import { defineNode } from '../define.js';
import { EngagementLevel } from './condition.engagement.js';

/** Every engagement trigger listens on the same key: there is one engagement level per contact. */
export const ENGAGEMENT_TRIGGER_KEY = 'engagement';

export const engagementChangedTrigger = defineNode({
  type: 'trigger.engagementChanged',
  kind: 'trigger',
  label: 'Engagement changed',
  description: 'Starts when the contact’s engagement level changes, e.g. drops to "at risk".',
  icon: 'activity',
  configSchema: z.strictObject({
    /** Only when the level becomes this one; any change when absent. */
    to: EngagementLevel.optional(),
    direction: z.enum(['up', 'down', 'any']).default('any'),
  }),
  outputs: ['next'],
  defaultConfig: { to: 'at risk', direction: 'down' },
  summary: (c) =>
    `Engagement ${c.direction === 'any' ? 'changes' : c.direction === 'up' ? 'rises' : 'drops'}${c.to ? ` to ${c.to}` : ''}`,
  triggerKey: () => ENGAGEMENT_TRIGGER_KEY,
});
