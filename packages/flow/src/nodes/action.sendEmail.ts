import { z } from 'zod';
import { defineNode } from '../define.js';
import { Name, requireOwnWindow, SendWindowChoice, StepWindowFields } from './fields.js';

export const sendEmailAction = defineNode({
  type: 'action.sendEmail',
  kind: 'action',
  label: 'Send email',
  description:
    "Sends an email template to the contact (never to unsubscribed contacts), within the workspace's frequency caps.",
  icon: 'mail',
  configSchema: z
    .strictObject({
      template: Name.describe('Email template id'),
      category: Name.optional().describe('Frequency caps of this category apply too (e.g. promotional)'),
      whenCapped: z
        .enum(['postpone', 'skip'])
        .optional()
        .describe(
          'When a frequency cap holds the email back: send it once the cap allows (default), or skip it',
        ),
      sendWindow: SendWindowChoice,
      ...StepWindowFields,
    })
    .superRefine(requireOwnWindow),
  outputs: ['next'],
  defaultConfig: { template: 'welcome' },
  summary: (c) => `Send email ${c.template}${c.category ? ` (${c.category})` : ''}`,
});
