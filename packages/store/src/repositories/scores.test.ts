import { beforeEach, describe, expect, it } from 'vitest';
import { useTestStore } from '../testSupport.js';

const { store, clock } = useTestStore();
let contactId: string;
beforeEach(() => {
  contactId = store().contacts.upsertByIdentity({ email: 'ann@example.com' }).contact.id;
});

describe('scores repository', () => {
  it('has no value for a score never set', () => {
    expect(store().scores.get(contactId, 'SCORE')).toBeUndefined();
    expect(store().scores.all(contactId)).toEqual({});
  });

  it('sets and overwrites named scores per contact, fractional and negative values included', () => {
    store().scores.set(contactId, 'SCORE', 10);
    store().scores.set(contactId, 'engagement', -2.5);
    clock().advance(1000);
    store().scores.set(contactId, 'SCORE', 44.75);
    expect(store().scores.get(contactId, 'SCORE')).toBe(44.75);
    expect(store().scores.all(contactId)).toEqual({ SCORE: 44.75, engagement: -2.5 });
    expect(store().scores.list(contactId)).toEqual([
      { name: 'SCORE', value: 44.75, updatedAt: '2026-01-01T00:00:01.000Z' },
      { name: 'engagement', value: -2.5, updatedAt: '2026-01-01T00:00:00.000Z' },
    ]);
    const other = store().contacts.upsertByIdentity({ email: 'bob@example.com' }).contact.id;
    expect(store().scores.get(other, 'SCORE')).toBeUndefined();
  });

  it('refuses a score for an unknown contact', () => {
    expect(() => store().scores.set('nobody', 'SCORE', 1)).toThrow(/FOREIGN KEY/);
  });
});
