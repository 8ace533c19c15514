import { API, ContactQuery, EventsQuery, LedgerQuery, OutboxQuery } from '@scoreflow/api';
import { bandOf } from '@scoreflow/flow';
import { actionScore, computeActionScoreParts, engagementOf } from '@scoreflow/runtime';
import type { ContactListEntry, Store } from '@scoreflow/store';
import type { Router } from 'express';
import { notFound } from '../http/errors.js';
import { guardedRouter } from '../http/guardedRouter.js';
import { parseBody } from '../http/validate.js';
import { gradesFor } from '../services/grades.js';
import { outboxItems } from './outboxItems.js';
import { createSupportNames } from './supportNames.js';

/** Read-only views of contacts: attributes, scores with their ledger, engagement, events, the outbox. */
export function contactRoutes(store: Store): Router {
  const router = guardedRouter();

  // A merged contact's id keeps answering, as the contact it went into (whose id the answer carries).
  const contactOr404 = async (id: string) => {
    const contact = await store.contacts.get((await store.merges.get(id))?.intoId ?? id);
    if (!contact) throw notFound(`Contact ${id}`);
    return contact;
  };

  // Each score with the band its definition puts the value in (null for a score without bands), the
  // contact's grades and its account.
  const withBands = async (entries: ContactListEntry[]) => {
    const bands = new Map((await store.scoreDefinitions.list()).map((d) => [d.name, d.bands]));
    const grades = await gradesFor(store);
    const accounts = await store.accounts.ofContacts(entries.map((c) => c.id));
    return entries.map((c) => ({
      ...c,
      scores: c.scores.map((s) => ({ ...s, band: bandOf(s.value, bands.get(s.name)) ?? null })),
      grades: grades(Object.fromEntries(c.scores.map((s) => [s.name, s.value]))),
      account: accounts.get(c.id) ?? null,
    }));
  };

  router.on(API.contacts.list, async (req, res) => {
    const q = parseBody(ContactQuery, req.query, 'query');
    if (q.email !== undefined || q.externalId !== undefined) {
      const found =
        q.email !== undefined
          ? await store.contacts.findByEmail(q.email)
          : await store.contacts.findByExternalId(q.externalId ?? '');
      const items = await withBands(found ? [await store.contactList.entry(found)] : []);
      res.json({ items, total: items.length });
      return;
    }
    const { items, total } = await store.contactList.page(q);
    res.json({ items: await withBands(items), total });
  });

  router.on(API.contacts.get, async (req, res) => {
    const contact = await contactOr404(req.params.id);
    const scores = await store.scores.all(contact.id);
    res.json({
      ...contact,
      scores,
      grades: (await gradesFor(store))(scores),
      account: (await store.accounts.ofContact(contact.id)) ?? null,
      tags: await store.tags.list(contact.id),
      lists: await store.lists.list(contact.id),
      engagement: await engagementOf(
        (types, since) => store.events.countInWindows(contact.id, types, since),
        store.now(),
      ),
      actionScore: actionScore(await computeActionScoreParts(store, contact.id, store.now())),
    });
  });

  // Names in use, so the editor can offer existing tags and lists instead of free text.
  router.on(API.contacts.tags, async (_req, res) => {
    res.json({ items: await store.tags.names() });
  });
  router.on(API.contacts.lists, async (_req, res) => {
    res.json({ items: await store.lists.names() });
  });

  router.on(API.contacts.events, async (req, res) => {
    const contact = await contactOr404(req.params.id);
    const q = parseBody(EventsQuery, req.query, 'query');
    res.json({
      items: await store.events.listForContact(contact.id, {
        limit: q.limit,
        before: q.before,
      }),
    });
  });

  router.on(API.contacts.ledger, async (req, res) => {
    const contact = await contactOr404(req.params.id);
    const q = parseBody(LedgerQuery, req.query, 'query');
    const names = createSupportNames(store);
    const rows = await store.ledger.listForContact(contact.id, {
      limit: q.limit,
      score: q.score,
      beforeId: q.beforeId,
    });
    const eventTypes = await store.events.typesOf(rows.flatMap((row) => (row.eventId ? [row.eventId] : [])));
    // Support reads "flow Qualify, step Clicked pricing (Adjust score)", not the ids the rows keep.
    const items = rows.map(async (row) => ({
      ...row,
      flowName: row.flowId ? await names.flowName(row.flowId) : null,
      nodeLabel:
        row.flowId && row.flowVersion !== null && row.nodeId
          ? await names.nodeLabel(row.flowId, row.flowVersion, row.nodeId)
          : null,
      eventType: row.eventId ? (eventTypes.get(row.eventId) ?? null) : null,
    }));
    res.json({ items: await Promise.all(items) });
  });

  router.on(API.contacts.heldBack, async (req, res) => {
    const contact = await contactOr404(req.params.id);
    const names = createSupportNames(store);
    const items = (await store.cappedSends.forContact(contact.id)).map(async (send) => ({
      ...send,
      flowName: await names.flowName(send.flowId),
      stepName: await names.nodeLabel(send.flowId, send.flowVersion, send.nodeId),
      postponedUntil: send.postponedUntil === null ? null : new Date(send.postponedUntil).toISOString(),
    }));
    res.json({ items: await Promise.all(items) });
  });

  router.on(API.contacts.outbox, async (req, res) => {
    const q = parseBody(OutboxQuery, req.query, 'query');
    res.json({
      items: outboxItems(
        await store.outbox.listForContact(q.contactId, { limit: q.limit, offset: q.offset }),
      ),
    });
  });

  return router.router;
}
