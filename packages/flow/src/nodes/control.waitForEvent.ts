import { z } from 'zod';
import { defineNode } from '../define.js';
import { formatDuration } from '../format.js';
import { DurationSeconds, EventType } from './fields.js';

export const waitForEventControl = defineNode({
  type: 'control.waitForEvent',
  kind: 'control',
  label: 'Wait for event',
  description: 'Waits until the contact does something, or takes the timeout branch.',
  icon: 'alarm-clock',
  configSchema: z.strictObject({ event: EventType, timeoutSeconds: DurationSeconds }),
  outputs: ['event', 'timeout'],
  defaultConfig: { event: 'email.opened', timeoutSeconds: 3 * 86_400 },
  summary: (c) => `Wait for ${c.event} (up to ${formatDuration(c.timeoutSeconds)})`,
});
