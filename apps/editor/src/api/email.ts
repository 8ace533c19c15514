import { API, type EmailTemplateInput } from '@scoreflow/api';
import type { z } from 'zod';
import { call } from './client.js';

/** A template's three Liquid sources, as the form edits them. */
export type TemplateSource = z.input<typeof EmailTemplateInput>;

/** Typed access to the email template API. */
export const emailApi = {
  list: async () => (await call(API.templates.list)).items,
  get: (name: string) => call(API.templates.get, { params: { name } }),
  save: (name: string, template: TemplateSource) =>
    call(API.templates.save, { params: { name }, body: template }),
  remove: (name: string) => call(API.templates.remove, { params: { name } }),
  catalog: () => call(API.templates.variables),
  preview: (name: string, template: TemplateSource, contactId: string | undefined) =>
    call(API.templates.preview, {
      params: { name },
      body: contactId === undefined ? { template } : { template, contactId },
    }),
  testSend: (name: string, template: TemplateSource, to: string, contactId: string | undefined) =>
    call(API.templates.testSend, {
      params: { name },
      body: contactId === undefined ? { template, to } : { template, to, contactId },
    }),
  sentEmail: (outboxId: string) => call(API.templates.sentEmail, { params: { id: outboxId } }),
};
