import { z } from 'zod';
import { defineNode } from '../define.js';
import { formatValue } from '../format.js';
import { AttributeName, ScalarValue } from './fields.js';

export const setAttributeAction = defineNode({
  type: 'action.setAttribute',
  kind: 'action',
  label: 'Set attribute',
  description: 'Sets a contact attribute; null clears it.',
  icon: 'square-pen',
  configSchema: z.strictObject({ attribute: AttributeName, value: ScalarValue.nullable() }),
  outputs: ['next'],
  defaultConfig: { attribute: 'lifecycleStage', value: 'lead' },
  summary: (c) =>
    c.value === null ? `Clear ${c.attribute}` : `Set ${c.attribute} to ${formatValue(c.value)}`,
});
