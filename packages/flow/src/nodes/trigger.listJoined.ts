import { z } from 'zod';
import { defineNode } from '../define.js';
import { ListName } from './fields.js';

export const listJoinedTrigger = defineNode({
  type: 'trigger.listJoined',
  kind: 'trigger',
  label: 'Joined list',
  description: 'Starts when the contact is added to a list.',
  icon: 'list-start',
  configSchema: z.strictObject({ list: ListName }),
  outputs: ['next'],
  defaultConfig: { list: 'Newsletter' },
  summary: (c) => `Joins list ${c.list}`,
  triggerKey: (c) => c.list,
});
