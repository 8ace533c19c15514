import { ANONYMOUS_EVENTS_PER_VISITOR } from '@scoreflow/store';
import { describe, expect, it } from 'vitest';
import { processEvent } from './processing/index.js';
import { activateFlow, DAY, flows } from './testing/harness.js';
import { useTestRuntime } from './testing/useTestRuntime.js';

const t = useTestRuntime();

const HOUR = 3_600_000;
const visitor = 'visitor-7f3a';
const email = 'ada@example.com';

/** A page view of the visitor `daysAgo` days before the test clock's now. */
const pageView = (id: string, daysAgo: number, anonymousId = visitor) => ({
  id,
  type: 'page',
  contact: { anonymousId },
  properties: { path: `/${id}` },
  timestamp: new Date(t().clock.now() - daysAgo * DAY).toISOString(),
});

const contactOf = async (address: string) => {
  const found = await t().store.contacts.findByEmail(address);
  if (!found) throw new Error(`no contact ${address}`);
  return found;
};

/** Score changes oldest first, as [event id, value after]. */
const ledgerOf = async (contactId: string) =>
  (await t().store.ledger.listForContact(contactId)).reverse().map((row) => [row.eventId, row.value]);

const visitorEventIds = async (anonymousId: string) =>
  (await t().store.anonymousEvents.listForVisitor(anonymousId)).map((e) => e.id);

describe('anonymous visitors', () => {
  it('keeps a visitor’s page views and scores them once, in order, when the visitor identifies', async () => {
    await activateFlow(t().store, flows.points('page', 5));
    // Arriving out of order: they are processed in the order they happened.
    const pages = [pageView('p2', 2), pageView('p1', 3), pageView('p3', 1)];
    const results = await t().ingest(pages);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    await t().drained();
    expect(await t().store.contacts.list()).toEqual([]);
    expect(await t().store.events.get('p1')).toBeUndefined();
    expect(await visitorEventIds(visitor)).toEqual(['p1', 'p2', 'p3']);

    await t().send({ id: 'identify-1', type: 'identify', contact: { email, anonymousId: visitor } });
    const contact = await contactOf(email);
    const events = await t().store.events.listForContact(contact.id);
    expect(events.map((e) => [e.id, e.type, e.status])).toEqual([
      ['identify-1', 'identify', 'processed'],
      ['p3', 'page', 'processed'],
      ['p2', 'page', 'processed'],
      ['p1', 'page', 'processed'],
    ]);
    for (const page of pages) {
      const stored = await t().store.events.get(page.id);
      expect(stored?.occurredAt).toBe(page.timestamp);
      expect(stored?.payload).toMatchObject({
        contact: { email, anonymousId: visitor },
        properties: { path: `/${page.id}` },
      });
    }
    expect(await t().store.scores.get(contact.id, 'SCORE')).toBe(15);
    expect(await ledgerOf(contact.id)).toEqual([
      ['p1', 5],
      ['p2', 10],
      ['p3', 15],
    ]);
    expect((await t().store.runs.list({ contactId: contact.id })).map((r) => r.status)).toEqual([
      'completed',
      'completed',
      'completed',
    ]);
    expect(await t().store.anonymousEvents.listForVisitor(visitor)).toEqual([]);

    // The same identify again, a new identify of the visitor, the page views replayed by the client,
    // and the identify's job run twice: nothing is applied again.
    const again = await t().send(
      { id: 'identify-1', type: 'identify', contact: { email, anonymousId: visitor } },
      { id: 'identify-2', type: 'identify', contact: { email, anonymousId: visitor } },
      ...pages,
    );
    expect(again.map((r) => r.status)).toEqual([
      'duplicate',
      'accepted',
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    expect(await processEvent(t().runtime.deps, 'identify-1')).toMatchObject({ status: 'skipped' });
    await t().drained();
    expect(await t().store.scores.get(contact.id, 'SCORE')).toBe(15);
    expect(await ledgerOf(contact.id)).toHaveLength(3);
    expect(await t().store.events.listForContact(contact.id)).toHaveLength(5);
    expect(await t().store.anonymousEvents.listForVisitor(visitor)).toEqual([]);
  });

  it('processes the history around the identifying event by time', async () => {
    await activateFlow(t().store, flows.points('page', 5));
    await activateFlow(t().store, flows.points('identify', 100));
    await t().ingest([pageView('p1', 3), pageView('p2', 2), pageView('later', 0.5)]);
    await t().send({
      id: 'identify-1',
      type: 'identify',
      contact: { externalId: 'user-1', anonymousId: visitor },
      timestamp: new Date(t().clock.now() - DAY).toISOString(),
    });
    const contact = await t().store.contacts.findByExternalId('user-1');
    expect(await ledgerOf(contact?.id ?? '')).toEqual([
      ['p1', 5],
      ['p2', 10],
      ['identify-1', 110],
      ['later', 115],
    ]);
  });

  it('gives the history to one contact when two events naming the visitor race', async () => {
    await activateFlow(t().store, flows.points('page', 5));
    await t().ingest([pageView('p1', 3), pageView('p2', 2), pageView('p3', 1)]);
    const identifies = Array.from({ length: 6 }, (_, i) => ({
      type: 'signup',
      contact: { email: `person${i}@example.com`, anonymousId: visitor },
    }));
    await t().send(...identifies);
    const contacts = await Promise.all(identifies.map((e) => contactOf(e.contact.email)));
    const scores = await Promise.all(
      contacts.map(async (c) => (await t().store.scores.get(c.id, 'SCORE')) ?? 0),
    );
    expect(scores.filter((s) => s > 0)).toEqual([15]);
    const events = await Promise.all(contacts.map((c) => t().store.events.listForContact(c.id)));
    const pages = events.flat().filter((e) => e.type === 'page');
    expect(pages.map((e) => e.id).sort()).toEqual(['p1', 'p2', 'p3']);
  });

  it('prunes anonymous events past their retention and keeps a visitor’s newest past the cap', async () => {
    await activateFlow(t().store, flows.points('page', 5));
    await t().ingest([pageView('old-1', 45), pageView('old-2', 31), pageView('recent', 29)]);
    // The retention job prunes them by the default 30 days, even with the other retention off.
    await t().runtime.queues.maintenance.add('retention', { kind: 'retention' });
    await t().until(
      async () => (await t().store.anonymousEvents.listForVisitor(visitor)).length === 1,
      'the retention job',
    );
    expect(await t().store.anonymousEvents.has('recent')).toBe(true);
    expect(await t().runtime.anonymousRetention()).toBe(0);

    const busy = 'visitor-busy';
    const many = Array.from({ length: ANONYMOUS_EVENTS_PER_VISITOR + 10 }, (_, i) =>
      pageView(`many-${i}`, 10 - i / 100, busy),
    );
    await t().ingest(many);
    const kept = await t().store.anonymousEvents.listForVisitor(busy);
    expect(kept).toHaveLength(ANONYMOUS_EVENTS_PER_VISITOR);
    expect(kept[0]?.id).toBe('many-10');
    expect(kept.at(-1)?.id).toBe(`many-${ANONYMOUS_EVENTS_PER_VISITOR + 9}`);

    await t().send({ type: 'identify', contact: { email, anonymousId: visitor } });
    expect(await t().store.scores.get((await contactOf(email)).id, 'SCORE')).toBe(5);
    await t().send({ type: 'identify', contact: { email: 'busy@example.com', anonymousId: busy } });
    expect(await t().store.scores.get((await contactOf('busy@example.com')).id, 'SCORE')).toBe(
      5 * ANONYMOUS_EVENTS_PER_VISITOR,
    );
  });

  it('refuses anonymous events outside the timestamp window like any other', async () => {
    const [result] = await t().ingest([
      { type: 'page', contact: { anonymousId: visitor }, timestamp: t().clock.now() + 2 * DAY + HOUR },
    ]);
    expect(result).toMatchObject({ status: 'rejected', errors: [{ pointer: '/timestamp' }] });
    const [nobody] = await t().ingest([{ type: 'page', contact: {} }]);
    expect(nobody).toMatchObject({
      status: 'rejected',
      errors: [{ message: 'a contact needs an email, an externalId or an anonymousId' }],
    });
  });
});
