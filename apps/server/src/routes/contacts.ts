import { actionScore, computeActionScoreParts, engagementOf } from '@scoreflow/runtime';
import type { Store } from '@scoreflow/store';
import type { Router } from 'express';
import { z } from 'zod';
import { ALL } from '../auth/permissions.js';
import { notFound } from '../http/errors.js';
import { guardedRouter } from '../http/guardedRouter.js';
import { parseBody } from '../http/validate.js';

const Page = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
};
const ContactQuery = z.object({
  email: z.string().min(1).optional(),
  externalId: z.string().min(1).optional(),
  ...Page,
});
const LedgerQuery = z.object({
  score: z.string().min(1).optional(),
  limit: Page.limit,
  beforeId: z.coerce.number().int().positive().optional(),
});
const OutboxQuery = z.object({ contactId: z.string().min(1), ...Page });
const EventsQuery = z.object({ limit: Page.limit, before: z.coerce.number().int().optional() });

/** Read-only views of contacts: attributes, scores with their ledger, engagement, events, the outbox. */
export function contactRoutes(store: Store): Router {
  const router = guardedRouter();

  const contactOr404 = (id: string) => {
    const contact = store.contacts.get(id);
    if (!contact) throw notFound(`Contact ${id}`);
    return contact;
  };

  router.get('/contacts', ALL, (req, res) => {
    const q = parseBody(ContactQuery, req.query, 'query');
    if (q.email !== undefined || q.externalId !== undefined) {
      const found =
        q.email !== undefined
          ? store.contacts.findByEmail(q.email)
          : store.contacts.findByExternalId(q.externalId ?? '');
      res.json({ items: found ? [found] : [] });
      return;
    }
    res.json({ items: store.contacts.list({ limit: q.limit, offset: q.offset }) });
  });

  router.get('/contacts/:id', ALL, (req, res) => {
    const contact = contactOr404(req.params.id);
    res.json({
      ...contact,
      scores: store.scores.all(contact.id),
      tags: store.tags.list(contact.id),
      lists: store.lists.list(contact.id),
      engagement: engagementOf(
        (type, since) => store.events.countForContact(contact.id, type, since),
        store.now(),
      ),
      actionScore: actionScore(computeActionScoreParts(store, contact.id, store.now())),
    });
  });

  // Names in use, so the editor can offer existing tags and lists instead of free text.
  router.get('/tags', ALL, (_req, res) => {
    res.json({ items: store.tags.names() });
  });
  router.get('/lists', ALL, (_req, res) => {
    res.json({ items: store.lists.names() });
  });

  router.get('/contacts/:id/events', ALL, (req, res) => {
    const contact = contactOr404(req.params.id);
    const q = parseBody(EventsQuery, req.query, 'query');
    res.json({
      items: store.events.listForContact(contact.id, {
        limit: q.limit,
        ...(q.before === undefined ? {} : { before: q.before }),
      }),
    });
  });

  router.get('/contacts/:id/ledger', ALL, (req, res) => {
    const contact = contactOr404(req.params.id);
    const q = parseBody(LedgerQuery, req.query, 'query');
    res.json({
      items: store.ledger.listForContact(contact.id, {
        limit: q.limit,
        ...(q.score === undefined ? {} : { score: q.score }),
        ...(q.beforeId === undefined ? {} : { beforeId: q.beforeId }),
      }),
    });
  });

  router.get('/outbox', ALL, (req, res) => {
    const q = parseBody(OutboxQuery, req.query, 'query');
    res.json({ items: store.outbox.listForContact(q.contactId, { limit: q.limit, offset: q.offset }) });
  });

  return router.router;
}
