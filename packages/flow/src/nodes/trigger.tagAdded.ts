import { z } from 'zod';
import { defineNode } from '../define.js';
import { TagName } from './fields.js';

export const tagAddedTrigger = defineNode({
  type: 'trigger.tagAdded',
  kind: 'trigger',
  label: 'Tag added',
  description: 'Starts when the contact gets a tag.',
  icon: 'bookmark',
  configSchema: z.strictObject({ tag: TagName }),
  outputs: ['next'],
  defaultConfig: { tag: 'vip' },
  summary: (c) => `Tag ${c.tag} added`,
  triggerKey: (c) => c.tag,
});
