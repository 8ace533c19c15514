import { z } from 'zod';
import { CONDITION_OUTPUTS, defineNode } from '../define.js';
import { TagName } from './fields.js';

export const hasTagCondition = defineNode({
  type: 'condition.hasTag',
  kind: 'condition',
  label: 'Has tag',
  description: 'Branches on whether the contact has a tag.',
  icon: 'tags',
  configSchema: z.strictObject({ tag: TagName }),
  outputs: CONDITION_OUTPUTS,
  defaultConfig: { tag: 'vip' },
  summary: (c) => `Has tag ${c.tag}`,
});
