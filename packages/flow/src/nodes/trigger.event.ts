import { z } from 'zod';
import { defineNode } from '../define.js';
import { formatFilters } from '../format.js';
import { EventType, PropertyFilter } from './fields.js';

export const eventTrigger = defineNode({
  type: 'trigger.event',
  kind: 'trigger',
  label: 'Event',
  description: 'Starts when the contact does something: opens or clicks an email, visits a page, buys.',
  icon: 'zap',
  configSchema: z.strictObject({
    event: EventType,
    /** All filters must hold for the event to start the flow. */
    where: z.array(PropertyFilter).max(20).optional(),
  }),
  outputs: ['next'],
  defaultConfig: { event: 'email.clicked' },
  summary: (c) => (c.where?.length ? `On ${c.event} where ${formatFilters(c.where)}` : `On ${c.event}`),
  triggerKey: (c) => c.event,
});
