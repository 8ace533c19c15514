import { beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../store.js';
import { DAY_MS, useTestStore } from '../testSupport.js';

const { store, clock } = useTestStore();
let contactId: string;
beforeEach(async () => {
  contactId = (await store().contacts.upsertByIdentity({ email: 'ann@example.com' })).contact.id;
});

describe('events repository', () => {
  it('stores an event with its payload and times', async () => {
    const occurredAt = Date.UTC(2025, 11, 31, 23, 0);
    expect(
      await store().events.insert({
        id: 'ev-1',
        type: 'email.clicked',
        contactId,
        payload: { link: 'a' },
        occurredAt,
      }),
    ).toBe('inserted');
    expect(await store().events.get('ev-1')).toEqual({
      id: 'ev-1',
      type: 'email.clicked',
      contactId,
      payload: { link: 'a' },
      occurredAt: '2025-12-31T23:00:00.000Z',
      receivedAt: '2026-01-01T00:00:00.000Z',
      status: 'pending',
      error: null,
      processedAt: null,
    });
  });

  it('treats a repeated id as a duplicate forever: after processing and after reopening the database', async () => {
    expect(await store().events.insert({ id: 'ev-1', type: 'email.clicked', payload: { n: 1 } })).toBe(
      'inserted',
    );
    expect(await store().events.insert({ id: 'ev-1', type: 'email.clicked', payload: { n: 2 } })).toBe(
      'duplicate',
    );
    await store().events.markProcessed('ev-1', { contactId });
    clock().advance(365 * DAY_MS);
    expect(await store().events.insert({ id: 'ev-1', type: 'other.type' })).toBe('duplicate');
    const { location } = store().database;
    // Closes the connection only: the test store's own close also removes a PostgreSQL schema.
    await store().database.close();
    const reopened = await openStore(location, { now: clock().now });
    try {
      expect(await reopened.events.insert({ id: 'ev-1', type: 'email.clicked' })).toBe('duplicate');
      // The first version of the event is the one kept.
      expect(await reopened.events.get('ev-1')).toMatchObject({
        type: 'email.clicked',
        payload: { n: 1 },
        status: 'processed',
      });
    } finally {
      await reopened.close();
    }
  });

  it('detects a duplicate written by another connection (another worker process)', async () => {
    const other = await openStore(store().database.location);
    try {
      expect(await other.events.insert({ id: 'ev-x', type: 'email.clicked' })).toBe('inserted');
      expect(await store().events.insert({ id: 'ev-x', type: 'email.clicked' })).toBe('duplicate');
    } finally {
      await other.close();
    }
  });

  it('marks an event processed once, linking its contact', async () => {
    await store().events.insert({ id: 'ev-1', type: 'page.viewed' });
    clock().advance(500);
    expect(await store().events.markProcessed('ev-1', { contactId })).toBe(true);
    expect(await store().events.markProcessed('ev-1')).toBe(false);
    expect(await store().events.get('ev-1')).toMatchObject({
      status: 'processed',
      contactId,
      processedAt: '2026-01-01T00:00:00.500Z',
    });
  });

  it('records a failure, which a later successful retry clears; a processed event cannot fail', async () => {
    await store().events.insert({ id: 'ev-1', type: 'page.viewed' });
    expect(await store().events.markFailed('ev-1', 'boom')).toBe(true);
    expect(await store().events.get('ev-1')).toMatchObject({ status: 'failed', error: 'boom' });
    expect(await store().events.markProcessed('ev-1')).toBe(true);
    expect(await store().events.get('ev-1')).toMatchObject({ status: 'processed', error: null });
    expect(await store().events.markFailed('ev-1', 'late')).toBe(false);
  });

  it('links an event to its contact, keeping the contact when marked without one', async () => {
    await store().events.insert({ id: 'ev-1', type: 'page.viewed' });
    expect(await store().events.setContact('ev-1', contactId)).toBe(true);
    expect(await store().events.setContact('missing', contactId)).toBe(false);
    await store().events.markFailed('ev-1', 'boom');
    expect(await store().events.get('ev-1')).toMatchObject({ contactId, status: 'failed' });
  });

  it('counts a contact\'s events of a type within a window ("clicked 3 emails in the last 30 days")', async () => {
    const now = clock().now();
    const other = (await store().contacts.upsertByIdentity({ email: 'bob@example.com' })).contact.id;
    const clicks = [1, 10, 29, 31].map((daysAgo) => now - daysAgo * DAY_MS);
    for (const [i, occurredAt] of clicks.entries()) {
      await store().events.insert({ id: `c${i}`, type: 'email.clicked', contactId, occurredAt });
    }
    await store().events.insert({ id: 'o1', type: 'email.opened', contactId, occurredAt: now });
    await store().events.insert({ id: 'b1', type: 'email.clicked', contactId: other, occurredAt: now });
    expect(await store().events.countForContact(contactId, 'email.clicked', now - 30 * DAY_MS)).toBe(3);
    expect(await store().events.countForContact(contactId, 'email.clicked', now - 40 * DAY_MS)).toBe(4);
    // The window start is inclusive.
    expect(await store().events.countForContact(contactId, 'email.clicked', now - 29 * DAY_MS)).toBe(3);
    expect(await store().events.countForContact(contactId, 'form.submitted', 0)).toBe(0);
    // Both types and both windows in one statement: [type][window].
    expect(
      await store().events.countInWindows(
        contactId,
        ['email.clicked', 'email.opened'],
        [now - 30 * DAY_MS, now - 40 * DAY_MS],
      ),
    ).toEqual([
      [3, 4],
      [1, 1],
    ]);
    expect(await store().events.countInWindows(contactId, ['form.submitted', 'purchase'], [now, 0])).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it('tells when the contact last did one of the given things', async () => {
    const now = clock().now();
    await store().events.insert({ id: 'a', type: 'email.opened', contactId, occurredAt: now - 40 * DAY_MS });
    await store().events.insert({ id: 'b', type: 'email.clicked', contactId, occurredAt: now - 35 * DAY_MS });
    await store().events.insert({ id: 'c', type: 'page.viewed', contactId, occurredAt: now - DAY_MS });
    expect(await store().events.lastOccurredAt(contactId, ['email.opened', 'email.clicked'])).toBe(
      now - 35 * DAY_MS,
    );
    expect(await store().events.lastOccurredAt(contactId, ['purchase'])).toBeUndefined();
    expect(await store().events.lastOccurredAt(contactId, [])).toBeUndefined();
  });

  it("lists a contact's events newest first, paging back by occurrence", async () => {
    const now = clock().now();
    for (const [id, daysAgo] of [
      ['old', 3],
      ['mid', 2],
      ['new', 1],
    ] as const) {
      await store().events.insert({ id, type: 'page.viewed', contactId, occurredAt: now - daysAgo * DAY_MS });
    }
    await store().events.insert({ id: 'unlinked', type: 'page.viewed', occurredAt: now });
    const ids = async (options?: { limit?: number; before?: number }) =>
      (await store().events.listForContact(contactId, options)).map((e) => e.id);
    expect(await ids()).toEqual(['new', 'mid', 'old']);
    expect(await ids({ limit: 2 })).toEqual(['new', 'mid']);
    expect(await ids({ before: now - 2 * DAY_MS + 1 })).toEqual(['mid', 'old']);
  });

  it('counts the days a contact came back after its first event', async () => {
    const day0 = clock().now();
    for (const [id, at] of [
      ['first', day0 + 1_000],
      ['same-day', day0 + 2_000],
      ['day1', day0 + DAY_MS + 5],
      ['day1-again', day0 + DAY_MS + 10],
      ['day3', day0 + 3 * DAY_MS],
    ] as const) {
      await store().events.insert({ id, type: 'page.viewed', contactId, occurredAt: at });
    }
    expect(await store().events.returnDays(contactId, day0)).toBe(2);
    expect(await store().events.returnDays(contactId, day0 + 2 * DAY_MS)).toBe(1);
    expect(await store().events.returnDays('nobody', day0)).toBe(0);
  });

  it('sums a numeric property over purchases and ranks the sum among contacts', async () => {
    const bob = (await store().contacts.upsertByIdentity({ email: 'bob@example.com' })).contact.id;
    const cid = (await store().contacts.upsertByIdentity({ email: 'cid@example.com' })).contact.id;
    const purchase = (id: string, who: string, amount: unknown, type = 'order.completed') =>
      store().events.insert({ id, type, contactId: who, payload: { properties: { amount } } });
    await purchase('a1', contactId, 10);
    await purchase('a2', contactId, 2.5);
    // Read as SQLite reads JSON in arithmetic: the leading number of a string, true as 1, else nothing.
    await purchase('a3', contactId, '4 units');
    await purchase('a4', contactId, true);
    await purchase('a5', contactId, { nested: 1 });
    await purchase('a6', contactId, 'n/a');
    await purchase('a7', contactId, 1000, 'page.viewed');
    await purchase('b1', bob, 100);
    await purchase('c1', cid, 1);
    await store().events.insert({ id: 'c2', type: 'order.completed', contactId: cid, payload: {} });
    expect(await store().events.sumProperty(contactId, ['order.completed'], 'amount')).toBe(17.5);
    expect(await store().events.sumProperty(contactId, ['order.completed', 'page.viewed'], 'amount')).toBe(
      1017.5,
    );
    expect(await store().events.sumProperty(contactId, ['refund'], 'amount')).toBe(0);
    expect(await store().events.sumProperty(contactId, [], 'amount')).toBe(0);
    expect(await store().events.rankOfSum(['order.completed'], 'amount', 17.5)).toBeCloseTo(2 / 3);
    expect(await store().events.rankOfSum(['order.completed'], 'amount', 100)).toBe(1);
    expect(await store().events.rankOfSum(['order.completed'], 'amount', 0)).toBe(0);
    expect(await store().events.rankOfSum(['refund'], 'amount', 10)).toBe(0);
  });

  it('reads a dotted property from nested objects', async () => {
    await store().events.insert({
      id: 'p1',
      type: 'order.completed',
      contactId,
      payload: { properties: { order: { total: 42 } } },
    });
    expect(await store().events.sumProperty(contactId, ['order.completed'], 'order.total')).toBe(42);
  });

  it('lists events stored but not processed, oldest first', async () => {
    await store().events.insert({ id: 'b', type: 't' });
    clock().advance(1);
    await store().events.insert({ id: 'a', type: 't' });
    clock().advance(1);
    await store().events.insert({ id: 'c', type: 't' });
    await store().events.markProcessed('c');
    expect((await store().events.listPending()).map((event) => event.id)).toEqual(['b', 'a']);
    expect((await store().events.listPending(1)).map((event) => event.id)).toEqual(['b']);
  });

  it('counts the stored event types, most frequent first', async () => {
    const now = clock().now();
    await store().events.insert({ id: 'v1', type: 'page.viewed', occurredAt: now - 2 });
    await store().events.insert({ id: 'v2', type: 'page.viewed', occurredAt: now - 1 });
    await store().events.insert({ id: 'k1', type: 'email.clicked', occurredAt: now - 5 });
    await store().events.insert({ id: 'o1', type: 'email.opened', occurredAt: now - 3 });
    expect(await store().events.typeCounts()).toEqual([
      { type: 'page.viewed', count: 2, lastAt: now - 1 },
      { type: 'email.clicked', count: 1, lastAt: now - 5 },
      { type: 'email.opened', count: 1, lastAt: now - 3 },
    ]);
    expect(await store().events.typeCounts(1)).toHaveLength(1);
  });

  it('tells the type of each stored event among the ids asked for', async () => {
    await store().events.insert({ id: 'ev-a', type: 'email.clicked', contactId, payload: {} });
    await store().events.insert({ id: 'ev-b', type: 'page.viewed', contactId, payload: {} });
    expect(await store().events.typesOf(['ev-a', 'ev-b', 'ev-a', 'gone'])).toEqual(
      new Map([
        ['ev-a', 'email.clicked'],
        ['ev-b', 'page.viewed'],
      ]),
    );
    expect(await store().events.typesOf([])).toEqual(new Map());
  });
});
