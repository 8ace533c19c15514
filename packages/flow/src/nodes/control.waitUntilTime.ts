import { z } from 'zod';
import { defineNode } from '../define.js';
import { describeDays, LocalTime, Weekday } from '../localTime.js';

export const waitUntilTimeControl = defineNode({
  type: 'control.waitUntilTime',
  kind: 'control',
  label: 'Wait until a day and time',
  description:
    "Pauses the contact until the next of these days at this time on the contact's clock (its timezone attribute, else the flow's time zone).",
  icon: 'alarm-clock',
  configSchema: z.strictObject({
    days: z.array(Weekday).min(1, { error: 'Choose at least one day' }).describe('On which days'),
    time: LocalTime,
  }),
  outputs: ['next'],
  defaultConfig: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], time: '09:00' },
  summary: (c) => `Until ${describeDays(c.days)} ${c.time}, contact's time`,
});
