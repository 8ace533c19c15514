import { API, EmailTemplateInput, TemplateName } from '@scoreflow/api';
import { checkTemplate } from '@scoreflow/runtime';
import type { Store } from '@scoreflow/store';
import type { Router } from 'express';
import { AppError, notFound } from '../http/errors.js';
import { guardedRouter } from '../http/guardedRouter.js';
import { JSON_LIMITS, jsonWrites } from '../http/jsonBody.js';
import { parseBody } from '../http/validate.js';

/**
 * Email templates. Saving checks the liquid syntax, the filters and the variables (only `contact.*` and
 * `unsubscribe_url` exist); a variable a given contact lacks is reported when the email is sent.
 */
export function templateRoutes(store: Store): Router {
  const router = guardedRouter({ body: jsonWrites(JSON_LIMITS.templates) });

  router.on(API.templates.list, async (_req, res) => {
    res.json({ items: await store.emailTemplates.list() });
  });

  router.on(API.templates.get, async (req, res) => {
    const found = await store.emailTemplates.get(req.params.name);
    if (!found) throw notFound(`Template ${req.params.name}`);
    res.json(found);
  });

  router.on(API.templates.save, async (req, res) => {
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
    const { record, created } = await store.emailTemplates.upsert({ name, ...input });
    res.status(created ? 201 : 200).json(record);
  });

  router.on(API.templates.remove, async (req, res) => {
    if (!(await store.emailTemplates.delete(req.params.name))) throw notFound(`Template ${req.params.name}`);
    res.status(204).end();
  });

  return router.router;
}
