import { EmailCatalog } from '@scoreflow/flow';
import { z } from 'zod';
import { ALL, EDIT } from '../permissions.js';
import { created, html, none, ok, route } from '../route.js';

/** A template as the API takes it: liquid source for the subject, the HTML part and the text part. */
export const EmailTemplateInput = z
  .object({
    subject: z.string().min(1).max(998).describe('Liquid source of the subject line'),
    html: z.string().max(512_000).default('').describe('Liquid source of the HTML part'),
    text: z.string().max(512_000).default('').describe('Liquid source of the plain-text part'),
  })
  .refine((t) => t.html !== '' || t.text !== '', {
    message: 'a template needs an html or a text part',
    path: ['html'],
  });

export const TemplateName = z
  .string()
  .min(1)
  .max(100)
  .regex(/\S/, 'Must not be blank')
  .describe('Template name, as used by the Send email step');

/** A stored template. */
export const EmailTemplateView = z.looseObject({
  name: z.string(),
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EmailTemplateView = z.infer<typeof EmailTemplateView>;

/** An email as it is (or would be) sent: rendered parts, envelope and the headers Scoreflow adds. */
export const RenderedEmailView = z.object({
  from: z.string(),
  to: z.string(),
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  headers: z.record(z.string(), z.string()),
  unsubscribeUrl: z.string(),
});
export type RenderedEmailView = z.infer<typeof RenderedEmailView>;

/** An email as it was sent for one outbox row. */
export const SentEmailView = RenderedEmailView.extend({
  outboxId: z.string(),
  template: z.string(),
  /** `none`: no email server is configured (SMTP_URL), so the email was recorded, not sent. */
  sentVia: z.enum(['smtp', 'none']),
  sentAt: z.string(),
});
export type SentEmailView = z.infer<typeof SentEmailView>;

/** A preview: the template being edited (saved or not), rendered for a contact or a made-up one. */
export const TemplatePreviewInput = z.object({
  template: EmailTemplateInput,
  contactId: z.string().min(1).optional().describe('Render for this contact; default: a made-up one'),
});

export const TemplateTestSendInput = TemplatePreviewInput.extend({
  to: z.email().describe('Where the test email goes'),
});

const tag = 'Email';

export const TEMPLATES = {
  list: route({
    method: 'get',
    path: '/api/templates',
    permission: ALL,
    tag,
    summary: 'Email templates',
    responses: ok('Templates', z.looseObject({ items: z.array(EmailTemplateView) })),
  }),
  get: route({
    method: 'get',
    path: '/api/templates/:name',
    permission: ALL,
    tag,
    summary: 'One email template',
    responses: ok('The template', EmailTemplateView),
  }),
  save: route({
    method: 'put',
    path: '/api/templates/:name',
    permission: EDIT,
    tag,
    summary: 'Create or replace a template (syntax and variables checked)',
    body: EmailTemplateInput,
    responses: { ...ok('Replaced'), ...created('Created') },
  }),
  remove: route({
    method: 'delete',
    path: '/api/templates/:name',
    permission: EDIT,
    tag,
    summary: 'Delete a template',
    responses: none,
  }),
  variables: route({
    method: 'get',
    path: '/api/template-variables',
    permission: ALL,
    tag,
    summary:
      "What templates can use: attribute keys and score names contacts have, and each template's variables",
    responses: ok('Template names, their variables, attribute keys and score names', EmailCatalog),
  }),
  preview: route({
    method: 'post',
    path: '/api/templates/:name/preview',
    permission: ALL,
    tag,
    summary: 'Render a template for a contact exactly as delivery would (422 naming the part that fails)',
    body: TemplatePreviewInput,
    responses: ok('The email as it would be sent', RenderedEmailView),
  }),
  testSend: route({
    method: 'post',
    path: '/api/templates/:name/test',
    permission: EDIT,
    tag,
    summary: 'Send a template to an address through the configured email server (503 when there is none)',
    body: TemplateTestSendInput,
    responses: ok('The email as it was sent', RenderedEmailView),
  }),
  sentEmail: route({
    method: 'get',
    path: '/api/outbox/:id/email',
    permission: ALL,
    tag,
    summary: 'The email as it was sent for an outbox row',
    responses: ok('The email as sent', SentEmailView),
  }),
  unsubscribePage: route({
    method: 'get',
    path: '/u/:token',
    permission: 'public',
    tag,
    summary: 'Unsubscribe page (the link in every email)',
    responses: html('Confirmation page'),
  }),
  unsubscribe: route({
    method: 'post',
    path: '/u/:token',
    permission: 'public',
    tag,
    summary: 'Unsubscribe (RFC 8058 one-click)',
    bodyType: 'application/x-www-form-urlencoded',
    body: z.object({ 'List-Unsubscribe': z.literal('One-Click').optional() }),
    responses: html('Unsubscribed'),
  }),
};
