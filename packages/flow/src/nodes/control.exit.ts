import { z } from 'zod';
import { defineNode } from '../define.js';
import { Text } from './fields.js';

export const exitControl = defineNode({
  type: 'control.exit',
  kind: 'control',
  label: 'Exit',
  description: 'Takes the contact out of the flow; the reason is kept on the run.',
  icon: 'door-open',
  configSchema: z.strictObject({ reason: Text(200).optional() }),
  outputs: [],
  defaultConfig: {},
  summary: (c) => (c.reason ? `Exit: ${c.reason}` : 'Exit'),
});
