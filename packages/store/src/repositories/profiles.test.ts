import { describe, expect, it } from 'vitest';
import { useTestStore } from '../testSupport.js';

const { store } = useTestStore();

describe('profiles repository', () => {
  it('reads a contact with its scores, tags and lists, the collections sorted', async () => {
    const { contact } = await store().contacts.upsertByIdentity({ email: 'ann@example.com' });
    await store().scores.set(contact.id, 'SCORE', 42.5);
    await store().scores.set(contact.id, 'FIT', -3);
    for (const tag of ['vip', 'beta']) await store().tags.add(contact.id, tag);
    for (const list of ['Qualified leads', 'Engagement: neutral', 'SCORE: MQL'])
      await store().lists.add(contact.id, list);
    await store().contacts.setEngagementLevel(contact.id, 'neutral');

    const profile = await store().profiles.get(contact.id);
    expect(profile).toEqual({
      contact: { ...contact, engagementLevel: 'neutral' },
      scores: { FIT: -3, SCORE: 42.5 },
      tags: ['beta', 'vip'],
      lists: ['Engagement: neutral', 'Qualified leads', 'SCORE: MQL'],
    });
    // Each collection is what its own repository says.
    expect(profile?.scores).toEqual(await store().scores.all(contact.id));
    expect(profile?.tags).toEqual(await store().tags.list(contact.id));
    expect(profile?.lists).toEqual(await store().lists.list(contact.id));
  });

  it('gives empty collections to a contact with none, and nothing for a contact that does not exist', async () => {
    const { contact } = await store().contacts.upsertByIdentity({ email: 'bob@example.com' });
    expect(await store().profiles.get(contact.id)).toEqual({ contact, scores: {}, tags: [], lists: [] });
    expect(await store().profiles.get('missing')).toBeUndefined();
  });
});
