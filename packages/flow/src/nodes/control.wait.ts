import { z } from 'zod';
import { defineNode } from '../define.js';
import { formatDuration } from '../format.js';
import { DurationSeconds } from './fields.js';

export const waitControl = defineNode({
  type: 'control.wait',
  kind: 'control',
  label: 'Wait',
  description: 'Pauses the contact for a duration before the next step.',
  icon: 'hourglass',
  configSchema: z.strictObject({ seconds: DurationSeconds }),
  outputs: ['next'],
  defaultConfig: { seconds: 86_400 },
  summary: (c) => `Wait ${formatDuration(c.seconds)}`,
});
