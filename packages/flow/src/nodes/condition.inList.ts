import { z } from 'zod';
import { CONDITION_OUTPUTS, defineNode } from '../define.js';
import { ListName } from './fields.js';

export const inListCondition = defineNode({
  type: 'condition.inList',
  kind: 'condition',
  label: 'In list',
  description: 'Branches on whether the contact is in a list.',
  icon: 'list-checks',
  configSchema: z.strictObject({ list: ListName }),
  outputs: CONDITION_OUTPUTS,
  defaultConfig: { list: 'Qualified leads' },
  summary: (c) => `In list ${c.list}`,
});
