import type { RunStatus, Store } from '@scoreflow/store';
import { Router } from 'express';
import { z } from 'zod';
import { notFound } from '../http/errors.js';
import { parseBody } from '../http/validate.js';

const RUN_STATUSES = ['running', 'waiting', 'completed', 'exited', 'failed', 'cancelled'] as const;

const Page = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
};
const ContactQuery = z.object({
  email: z.string().min(1).optional(),
  externalId: z.string().min(1).optional(),
  ...Page,
});
const RunQuery = z.object({
  contactId: z.string().min(1).optional(),
  flowId: z.string().min(1).optional(),
  status: z.enum(RUN_STATUSES).optional(),
  ...Page,
});
const LedgerQuery = z.object({
  score: z.string().min(1).optional(),
  limit: Page.limit,
  beforeId: z.coerce.number().int().positive().optional(),
});
const OutboxQuery = z.object({ contactId: z.string().min(1), ...Page });

/** Read-only views of what the runtime did: contacts, their score ledger, runs with steps, the outbox. */
export function contactRoutes(store: Store): Router {
  const router = Router();

  const contactOr404 = (id: string) => {
    const contact = store.contacts.get(id);
    if (!contact) throw notFound(`Contact ${id}`);
    return contact;
  };

  router.get('/contacts', (req, res) => {
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

  router.get('/contacts/:id', (req, res) => {
    const contact = contactOr404(req.params.id);
    res.json({
      ...contact,
      scores: store.scores.all(contact.id),
      tags: store.tags.list(contact.id),
      lists: store.lists.list(contact.id),
    });
  });

  router.get('/contacts/:id/ledger', (req, res) => {
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

  router.get('/runs', (req, res) => {
    const q = parseBody(RunQuery, req.query, 'query');
    const filter = {
      ...(q.contactId === undefined ? {} : { contactId: q.contactId }),
      ...(q.flowId === undefined ? {} : { flowId: q.flowId }),
      ...(q.status === undefined ? {} : { status: q.status as RunStatus }),
    };
    res.json({
      items: store.runs.list({ ...filter, limit: q.limit, offset: q.offset }),
      total: store.runs.count(filter),
    });
  });

  router.get('/runs/:id', (req, res) => {
    const run = store.runs.get(req.params.id);
    if (!run) throw notFound(`Run ${req.params.id}`);
    res.json({
      ...run,
      steps: store.steps.listForRun(run.id),
      waits: store.waits.listForRun(run.id),
      outbox: store.outbox.listForRun(run.id),
    });
  });

  router.get('/outbox', (req, res) => {
    const q = parseBody(OutboxQuery, req.query, 'query');
    res.json({ items: store.outbox.listForContact(q.contactId, { limit: q.limit, offset: q.offset }) });
  });

  return router;
}
