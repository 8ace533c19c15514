import { API, TemplatePreviewInput, TemplateTestSendInput } from '@scoreflow/api';
import {
  DEFAULT_EMAIL_FROM,
  DEFAULT_PUBLIC_URL,
  type EmailSettings,
  previewEmail,
  sendTestEmail,
  TemplateRenderError,
} from '@scoreflow/runtime';
import type { Store } from '@scoreflow/store';
import type { Router } from 'express';
import { AppError, notFound } from '../http/errors.js';
import { guardedRouter } from '../http/guardedRouter.js';
import { JSON_LIMITS, jsonWrites } from '../http/jsonBody.js';
import { parseBody } from '../http/validate.js';
import { emailCatalog } from '../services/emailCatalog.js';

/** A render failure as a 422 whose `errors` entry points at the part of the template that failed. */
function asProblem(err: unknown): unknown {
  if (!(err instanceof TemplateRenderError)) return err;
  return new AppError('template_invalid', err.message, [
    { pointer: `/template/${err.part ?? 'subject'}`, code: err.code, message: err.message },
  ]);
}

/**
 * Previews and test sends of a template while it is edited (the body carries its unsaved source), the
 * variables the editor offers, and the email as sent for an outbox row.
 */
export function templatePreviewRoutes(store: Store, email: EmailSettings | undefined): Router {
  const router = guardedRouter({ body: jsonWrites(JSON_LIMITS.templates) });
  const settings: EmailSettings = email ?? { from: DEFAULT_EMAIL_FROM, publicUrl: DEFAULT_PUBLIC_URL };
  const named = (name: string, input: { template: { subject: string; html: string; text: string } }) => ({
    name,
    ...input.template,
  });

  router.on(API.templates.variables, async (_req, res) => {
    res.json(await emailCatalog(store));
  });

  router.on(API.templates.preview, async (req, res) => {
    const input = parseBody(TemplatePreviewInput, req.body, 'preview');
    try {
      res.json(await previewEmail(store, settings, named(req.params.name, input), input.contactId));
    } catch (err) {
      throw asProblem(err);
    }
  });

  router.on(API.templates.testSend, async (req, res) => {
    const input = parseBody(TemplateTestSendInput, req.body, 'test send');
    try {
      res.json(await sendTestEmail(store, settings, named(req.params.name, input), input));
    } catch (err) {
      throw asProblem(err);
    }
  });

  router.on(API.templates.sentEmail, async (req, res) => {
    const sent = await store.sentEmails.get(req.params.id);
    if (!sent) throw notFound(`The email sent for outbox row ${req.params.id}`);
    res.json(sent);
  });

  return router.router;
}
