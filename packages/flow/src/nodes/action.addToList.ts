import { z } from 'zod';
import { defineNode } from '../define.js';
import { ListName } from './fields.js';

export const addToListAction = defineNode({
  type: 'action.addToList',
  kind: 'action',
  label: 'Add to list',
  description: 'Adds the contact to a list.',
  icon: 'list-plus',
  configSchema: z.strictObject({ list: ListName }),
  outputs: ['next'],
  defaultConfig: { list: 'Qualified leads' },
  summary: (c) => `Add to list ${c.list}`,
});
