import { describe, expect, it } from 'vitest';
import { DAY_MS, useTestStore } from '../testSupport.js';

const { store, clock } = useTestStore();

describe('event replay repository', () => {
  it('pages through contacts with events since a time and reads their events and scores', async () => {
    const now = clock().now();
    const emails = new Map<string, string>();
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) {
      emails.set((await store().contacts.upsertByIdentity({ email })).contact.id, email);
    }
    // Named in id order, the order the replay pages in.
    const [a, b, c] = [...emails.keys()].sort() as [string, string, string];
    await store().events.insert({ id: 'old', type: 'page', contactId: a, occurredAt: now - 10 * DAY_MS });
    await store().events.insert({
      id: 'b2',
      type: 'purchase',
      contactId: b,
      payload: { properties: { amount: 5 } },
      occurredAt: now - 1,
    });
    await store().events.insert({
      id: 'b1',
      type: 'page',
      contactId: b,
      payload: { properties: [1] },
      occurredAt: now - 2,
    });
    await store().events.insert({ id: 'c1', type: 'page', contactId: c, payload: {}, occurredAt: now - 3 });
    await store().events.insert({ id: 'anon', type: 'page', occurredAt: now });
    const since = now - DAY_MS;

    expect(await store().eventReplay.contactsWithEvents(since, '', 10)).toEqual([b, c]);
    expect(await store().eventReplay.contactsWithEvents(since, '', 1)).toEqual([b]);
    expect(await store().eventReplay.contactsWithEvents(since, b, 10)).toEqual([c]);
    expect(await store().eventReplay.eventsOf([b, c], since)).toEqual([
      { id: 'b1', type: 'page', contactId: b, properties: {}, occurredAt: now - 2 },
      { id: 'b2', type: 'purchase', contactId: b, properties: { amount: 5 }, occurredAt: now - 1 },
      { id: 'c1', type: 'page', contactId: c, properties: {}, occurredAt: now - 3 },
    ]);
    expect(await store().eventReplay.eventsOf([], since)).toEqual([]);

    await store().scores.set(b, 'SCORE', 7);
    expect(await store().eventReplay.contactsWithScore([c, b], 'SCORE')).toEqual([
      { id: b, email: emails.get(b), score: 7 },
      { id: c, email: emails.get(c), score: 0 },
    ]);
    expect(await store().eventReplay.contactsWithScore([], 'SCORE')).toEqual([]);
  });
});
