import { z } from 'zod';
import { defineNode } from '../define.js';
import { TagName } from './fields.js';

export const removeTagAction = defineNode({
  type: 'action.removeTag',
  kind: 'action',
  label: 'Remove tag',
  description: 'Removes a tag from the contact.',
  icon: 'tag-x',
  configSchema: z.strictObject({ tag: TagName }),
  outputs: ['next'],
  defaultConfig: { tag: 'vip' },
  summary: (c) => `Remove tag ${c.tag}`,
});
