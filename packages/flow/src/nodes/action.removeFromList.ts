import { z } from 'zod';
import { defineNode } from '../define.js';
import { ListName } from './fields.js';

export const removeFromListAction = defineNode({
  type: 'action.removeFromList',
  kind: 'action',
  label: 'Remove from list',
  description: 'Removes the contact from a list.',
  icon: 'list-minus',
  configSchema: z.strictObject({ list: ListName }),
  outputs: ['next'],
  defaultConfig: { list: 'Qualified leads' },
  summary: (c) => `Remove from list ${c.list}`,
});
