import { z } from 'zod';
import { CONDITION_OUTPUTS, defineNode } from '../define.js';
import { formatComparison } from '../format.js';
import { AttributeName, PropertyOp, requireValueUnlessExists, ScalarValue } from './fields.js';

export const attributeCondition = defineNode({
  type: 'condition.attribute',
  kind: 'condition',
  label: 'Attribute',
  description: 'Branches on a contact attribute: yes when the comparison holds.',
  icon: 'search',
  configSchema: z
    .strictObject({ attribute: AttributeName, op: PropertyOp, value: ScalarValue.optional() })
    .superRefine(requireValueUnlessExists),
  outputs: CONDITION_OUTPUTS,
  defaultConfig: { attribute: 'plan', op: 'eq', value: 'pro' },
  summary: (c) => formatComparison(c.attribute, c.op, c.value),
});
