import { z } from 'zod';
import { defineNode } from '../define.js';
import { TagName } from './fields.js';

export const addTagAction = defineNode({
  type: 'action.addTag',
  kind: 'action',
  label: 'Add tag',
  description: 'Adds a tag to the contact.',
  icon: 'tag-plus',
  configSchema: z.strictObject({ tag: TagName }),
  outputs: ['next'],
  defaultConfig: { tag: 'vip' },
  summary: (c) => `Add tag ${c.tag}`,
});
