import { beforeEach, describe, expect, it } from 'vitest';
import { useTestStore } from '../testSupport.js';

const { store, clock } = useTestStore();
let contactId: string;
beforeEach(async () => {
  contactId = (await store().contacts.upsertByIdentity({ email: 'ann@example.com' })).contact.id;
});

describe('scores repository', () => {
  it('reads and writes one score of many contacts at once, the last value of a contact winning', async () => {
    const bob = (await store().contacts.upsertByIdentity({ email: 'bob@example.com' })).contact.id;
    await store().scores.set(contactId, 'SCORE', 5);
    await store().scores.setMany([
      { contactId: bob, name: 'SCORE', value: 1 },
      { contactId, name: 'engagement', value: 7 },
      { contactId: bob, name: 'SCORE', value: 2 },
    ]);
    expect(await store().scores.getMany([contactId, bob, contactId], 'SCORE')).toEqual(
      new Map([
        [contactId, 5],
        [bob, 2],
      ]),
    );
    expect(await store().scores.all(contactId)).toEqual({ SCORE: 5, engagement: 7 });
  });

  it('has no value for a score never set', async () => {
    expect(await store().scores.get(contactId, 'SCORE')).toBeUndefined();
    expect(await store().scores.all(contactId)).toEqual({});
  });

  it('sets and overwrites named scores per contact, fractional and negative values included', async () => {
    await store().scores.set(contactId, 'SCORE', 10);
    await store().scores.set(contactId, 'engagement', -2.5);
    clock().advance(1000);
    await store().scores.set(contactId, 'SCORE', 44.75);
    expect(await store().scores.get(contactId, 'SCORE')).toBe(44.75);
    expect(await store().scores.all(contactId)).toEqual({ SCORE: 44.75, engagement: -2.5 });
    expect(await store().scores.list(contactId)).toEqual([
      { name: 'SCORE', value: 44.75, updatedAt: '2026-01-01T00:00:01.000Z' },
      { name: 'engagement', value: -2.5, updatedAt: '2026-01-01T00:00:00.000Z' },
    ]);
    const other = (await store().contacts.upsertByIdentity({ email: 'bob@example.com' })).contact.id;
    expect(await store().scores.get(other, 'SCORE')).toBeUndefined();
  });

  it('pages the holders of a score by contact id', async () => {
    const other = (await store().contacts.upsertByIdentity({ email: 'bob@example.com' })).contact.id;
    await store().scores.set(contactId, 'SCORE', 10);
    await store().scores.set(other, 'SCORE', 20);
    await store().scores.set(other, 'FIT', 5);
    const [first, second] = [
      { contactId, value: 10 },
      { contactId: other, value: 20 },
    ].sort((a, b) => (a.contactId < b.contactId ? -1 : 1));
    if (!first || !second) throw new Error('two holders expected');
    expect(await store().scores.holders('SCORE')).toEqual([first, second]);
    expect(await store().scores.holders('SCORE', { limit: 1 })).toEqual([first]);
    expect(await store().scores.holders('SCORE', { afterContactId: first.contactId })).toEqual([second]);
  });

  it('refuses a score for an unknown contact', async () => {
    await expect(store().scores.set('nobody', 'SCORE', 1)).rejects.toThrow(/foreign key/i);
  });
});
