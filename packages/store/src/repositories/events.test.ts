import { beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../store.js';
import { DAY_MS, useTestStore } from '../testSupport.js';

const { store, clock } = useTestStore();
let contactId: string;
beforeEach(() => {
  contactId = store().contacts.upsertByIdentity({ email: 'ann@example.com' }).contact.id;
});

describe('events repository', () => {
  it('stores an event with its payload and times', () => {
    const occurredAt = Date.UTC(2025, 11, 31, 23, 0);
    expect(
      store().events.insert({
        id: 'ev-1',
        type: 'email.clicked',
        contactId,
        payload: { link: 'a' },
        occurredAt,
      }),
    ).toBe('inserted');
    expect(store().events.get('ev-1')).toEqual({
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

  it('treats a repeated id as a duplicate forever: after processing and after reopening the file', () => {
    expect(store().events.insert({ id: 'ev-1', type: 'email.clicked', payload: { n: 1 } })).toBe('inserted');
    expect(store().events.insert({ id: 'ev-1', type: 'email.clicked', payload: { n: 2 } })).toBe('duplicate');
    store().events.markProcessed('ev-1', { contactId });
    clock().advance(365 * DAY_MS);
    expect(store().events.insert({ id: 'ev-1', type: 'other.type' })).toBe('duplicate');
    const file = store().db.name;
    store().close();
    const reopened = openStore(file, { now: clock().now });
    try {
      expect(reopened.events.insert({ id: 'ev-1', type: 'email.clicked' })).toBe('duplicate');
      // The first version of the event is the one kept.
      expect(reopened.events.get('ev-1')).toMatchObject({
        type: 'email.clicked',
        payload: { n: 1 },
        status: 'processed',
      });
    } finally {
      reopened.close();
    }
  });

  it('detects a duplicate written by another connection (another worker process)', () => {
    const other = openStore(store().db.name);
    try {
      expect(other.events.insert({ id: 'ev-x', type: 'email.clicked' })).toBe('inserted');
      expect(store().events.insert({ id: 'ev-x', type: 'email.clicked' })).toBe('duplicate');
    } finally {
      other.close();
    }
  });

  it('marks an event processed once, linking its contact', () => {
    store().events.insert({ id: 'ev-1', type: 'page.viewed' });
    clock().advance(500);
    expect(store().events.markProcessed('ev-1', { contactId })).toBe(true);
    expect(store().events.markProcessed('ev-1')).toBe(false);
    expect(store().events.get('ev-1')).toMatchObject({
      status: 'processed',
      contactId,
      processedAt: '2026-01-01T00:00:00.500Z',
    });
  });

  it('records a failure, which a later successful retry clears; a processed event cannot fail', () => {
    store().events.insert({ id: 'ev-1', type: 'page.viewed' });
    expect(store().events.markFailed('ev-1', 'boom')).toBe(true);
    expect(store().events.get('ev-1')).toMatchObject({ status: 'failed', error: 'boom' });
    expect(store().events.markProcessed('ev-1')).toBe(true);
    expect(store().events.get('ev-1')).toMatchObject({ status: 'processed', error: null });
    expect(store().events.markFailed('ev-1', 'late')).toBe(false);
  });

  it('counts a contact\'s events of a type within a window ("clicked 3 emails in the last 30 days")', () => {
    const now = clock().now();
    const other = store().contacts.upsertByIdentity({ email: 'bob@example.com' }).contact.id;
    const clicks = [1, 10, 29, 31].map((daysAgo) => now - daysAgo * DAY_MS);
    clicks.forEach((occurredAt, i) => {
      store().events.insert({ id: `c${i}`, type: 'email.clicked', contactId, occurredAt });
    });
    store().events.insert({ id: 'o1', type: 'email.opened', contactId, occurredAt: now });
    store().events.insert({ id: 'b1', type: 'email.clicked', contactId: other, occurredAt: now });
    expect(store().events.countForContact(contactId, 'email.clicked', now - 30 * DAY_MS)).toBe(3);
    expect(store().events.countForContact(contactId, 'email.clicked', now - 40 * DAY_MS)).toBe(4);
    // The window start is inclusive.
    expect(store().events.countForContact(contactId, 'email.clicked', now - 29 * DAY_MS)).toBe(3);
    expect(store().events.countForContact(contactId, 'form.submitted', 0)).toBe(0);
  });

  it('tells when the contact last did one of the given things', () => {
    const now = clock().now();
    store().events.insert({ id: 'a', type: 'email.opened', contactId, occurredAt: now - 40 * DAY_MS });
    store().events.insert({ id: 'b', type: 'email.clicked', contactId, occurredAt: now - 35 * DAY_MS });
    store().events.insert({ id: 'c', type: 'page.viewed', contactId, occurredAt: now - DAY_MS });
    expect(store().events.lastOccurredAt(contactId, ['email.opened', 'email.clicked'])).toBe(
      now - 35 * DAY_MS,
    );
    expect(store().events.lastOccurredAt(contactId, ['purchase'])).toBeUndefined();
  });

  it('lists events stored but not processed, oldest first', () => {
    store().events.insert({ id: 'b', type: 't' });
    clock().advance(1);
    store().events.insert({ id: 'a', type: 't' });
    clock().advance(1);
    store().events.insert({ id: 'c', type: 't' });
    store().events.markProcessed('c');
    expect(
      store()
        .events.listPending()
        .map((event) => event.id),
    ).toEqual(['b', 'a']);
  });

  it('tells the type of each stored event among the ids asked for', () => {
    store().events.insert({ id: 'ev-a', type: 'email.clicked', contactId, payload: {} });
    store().events.insert({ id: 'ev-b', type: 'page.viewed', contactId, payload: {} });
    expect(store().events.typesOf(['ev-a', 'ev-b', 'ev-a', 'gone'])).toEqual(
      new Map([
        ['ev-a', 'email.clicked'],
        ['ev-b', 'page.viewed'],
      ]),
    );
    expect(store().events.typesOf([])).toEqual(new Map());
  });
});
