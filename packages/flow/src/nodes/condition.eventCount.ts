import { z } from 'zod';
import { CONDITION_OUTPUTS, defineNode } from '../define.js';
import { plural } from '../format.js';
import { EventType } from './fields.js';

export const eventCountCondition = defineNode({
  type: 'condition.eventCount',
  kind: 'condition',
  label: 'Event count',
  description: 'Branches on how often the contact did something recently ("clicked 3 emails in 30 days").',
  icon: 'calculator',
  configSchema: z.strictObject({
    event: EventType,
    min: z.number().int().min(1).max(1_000_000),
    withinDays: z.number().positive().max(3650),
  }),
  outputs: CONDITION_OUTPUTS,
  defaultConfig: { event: 'email.clicked', min: 3, withinDays: 30 },
  summary: (c) => `${c.event} at least ${plural(c.min, 'time')} in ${plural(c.withinDays, 'day')}`,
});
