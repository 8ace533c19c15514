import { z } from 'zod';
import { defineNode } from '../define.js';
import { AttributeName } from './fields.js';

export const attributeChangedTrigger = defineNode({
  type: 'trigger.attributeChanged',
  kind: 'trigger',
  label: 'Attribute changed',
  description: 'Starts when a contact attribute gets a different value.',
  icon: 'pencil',
  configSchema: z.strictObject({ attribute: AttributeName }),
  outputs: ['next'],
  defaultConfig: { attribute: 'lifecycleStage' },
  summary: (c) => `${c.attribute} changes`,
  triggerKey: (c) => c.attribute,
});
