import { z } from 'zod';
import { Items } from '../common.js';
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

const tag = 'Email';

export const TEMPLATES = {
  list: route({
    method: 'get',
    path: '/api/templates',
    permission: ALL,
    tag,
    summary: 'Email templates',
    responses: ok('Templates', Items),
  }),
  get: route({
    method: 'get',
    path: '/api/templates/:name',
    permission: ALL,
    tag,
    summary: 'One email template',
    responses: ok('The template'),
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
