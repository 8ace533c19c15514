import { checkTemplate } from '@scoreflow/runtime';
import type { Store } from '@scoreflow/store';
import type { Router } from 'express';
import { z } from 'zod';
import { ALL, EDIT } from '../auth/permissions.js';
import { AppError, notFound } from '../http/errors.js';
import { guardedRouter } from '../http/guardedRouter.js';
import { JSON_LIMITS, jsonWrites } from '../http/jsonBody.js';
import { parseBody } from '../http/validate.js';

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

/**
 * Email templates. Saving checks the liquid syntax, the filters and the variables (only `contact.*` and
 * `unsubscribe_url` exist); a variable a given contact lacks is reported when the email is sent.
 */
export function templateRoutes(store: Store): Router {
  const router = guardedRouter({ body: jsonWrites(JSON_LIMITS.templates) });

  router.get('/templates', ALL, (_req, res) => {
    res.json({ items: store.emailTemplates.list() });
  });

  router.get('/templates/:name', ALL, (req, res) => {
    const found = store.emailTemplates.get(req.params.name);
    if (!found) throw notFound(`Template ${req.params.name}`);
    res.json(found);
  });

  router.put('/templates/:name', EDIT, (req, res) => {
    const name = parseBody(TemplateName, req.params.name, 'template name');
    const input = parseBody(EmailTemplateInput, req.body, 'template');
    const problems = checkTemplate(input);
    if (problems.length > 0) {
      throw new AppError(
        'validation_failed',
        `The template has ${problems.length} problem(s)`,
        problems.map((p) => ({ pointer: `/${p.part}`, code: 'template_invalid', message: p.message })),
      );
    }
    const { record, created } = store.emailTemplates.upsert({ name, ...input });
    res.status(created ? 201 : 200).json(record);
  });

  router.delete('/templates/:name', EDIT, (req, res) => {
    if (!store.emailTemplates.delete(req.params.name)) throw notFound(`Template ${req.params.name}`);
    res.status(204).end();
  });

  return router.router;
}
