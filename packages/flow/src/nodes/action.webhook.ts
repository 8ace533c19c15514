import { z } from 'zod';
import { defineNode } from '../define.js';
import { requireOwnWindow, SendWindowChoice, StepWindowFields } from './fields.js';

function host(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export const webhookAction = defineNode({
  type: 'action.webhook',
  kind: 'action',
  label: 'Webhook',
  description: 'Calls an HTTP(S) endpoint with the contact and the event.',
  icon: 'webhook',
  configSchema: z
    .strictObject({
      url: z.url({ protocol: /^https?$/, message: 'Must be an http or https URL' }).max(2000),
      sendWindow: SendWindowChoice,
      ...StepWindowFields,
    })
    .superRefine(requireOwnWindow),
  outputs: ['next'],
  defaultConfig: { url: 'https://example.com/webhook' },
  summary: (c) => `Call ${host(c.url)}`,
});
