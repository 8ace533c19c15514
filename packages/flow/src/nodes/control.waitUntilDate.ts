import { z } from 'zod';
import { defineNode } from '../define.js';
import { LocalTime } from '../localTime.js';
import { AttributeName } from './fields.js';

const days = (n: number) => `${Math.abs(n)} day${Math.abs(n) === 1 ? '' : 's'}`;

export const waitUntilDateControl = defineNode({
  type: 'control.waitUntilDate',
  kind: 'control',
  label: 'Wait until a date',
  description:
    "Pauses the contact until a date held in one of its attributes (a renewal date, a birthday this year), moved by some days, at a time of day on the contact's clock. A date already past, or an attribute without a date, goes on at once and says so.",
  icon: 'alarm-clock',
  configSchema: z.strictObject({
    attribute: AttributeName.describe('Attribute holding the date (YYYY-MM-DD or an ISO 8601 date-time)'),
    offsetDays: z
      .number()
      .int()
      .min(-365)
      .max(365)
      .describe('Days before (negative) or after (positive) that date'),
    time: LocalTime,
  }),
  outputs: ['next'],
  defaultConfig: { attribute: 'renewal_date', offsetDays: -7, time: '09:00' },
  summary: (c) =>
    c.offsetDays === 0
      ? `Until ${c.attribute} at ${c.time}`
      : `Until ${days(c.offsetDays)} ${c.offsetDays < 0 ? 'before' : 'after'} ${c.attribute}, ${c.time}`,
});
