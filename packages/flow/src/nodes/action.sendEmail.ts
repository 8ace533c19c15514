import { z } from 'zod';
import { defineNode } from '../define.js';
import { Name } from './fields.js';

export const sendEmailAction = defineNode({
  type: 'action.sendEmail',
  kind: 'action',
  label: 'Send email',
  description: 'Sends an email template to the contact (never to unsubscribed contacts).',
  icon: 'mail',
  configSchema: z.strictObject({ template: Name.describe('Email template id') }),
  outputs: ['next'],
  defaultConfig: { template: 'welcome' },
  summary: (c) => `Send email ${c.template}`,
});
