import { z } from 'zod';
import { defineNode } from '../define.js';
import { SendWindowChoice } from './fields.js';

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
  configSchema: z.strictObject({
    sendWindow: SendWindowChoice,
    url: z.url({ protocol: /^https?$/, message: 'Must be an http or https URL' }).max(2000),
  }),
  outputs: ['next'],
  defaultConfig: { url: 'https://example.com/webhook' },
  summary: (c) => `Call ${host(c.url)}`,
});
