import { describe, expect, it } from 'vitest';
import { useTestStore } from '../testSupport.js';

const { store } = useTestStore();

describe('contact export repository', () => {
  it('names every score in use or defined, once, sorted', async () => {
    // SCORE is defined from the start (the migrations create it) and held below: named once.
    const ann = (await store().contacts.upsertByIdentity({ email: 'ann@example.com' })).contact;
    await store().scores.set(ann.id, 'SCORE', 1);
    await store().scores.set(ann.id, 'FIT', 1);
    await store()
      .db.insertInto('score_definitions')
      .values({ name: 'ENGAGEMENT', created_at: 0, updated_at: 0 })
      .execute();
    expect(await store().contactExport.scoreNames()).toEqual(['ENGAGEMENT', 'FIT', 'SCORE']);
  });

  it('pages contacts in insertion order with their tags, lists and scores', async () => {
    const s = store();
    const ann = (await s.contacts.upsertByIdentity({ email: 'ann@example.com', externalId: 'crm-1' }))
      .contact;
    const bob = (await s.contacts.upsertByIdentity({ email: 'bob@example.com' })).contact;
    const cy = (await s.contacts.upsertByIdentity({ externalId: 'crm-3' })).contact;
    await s.contacts.setAttributes(ann.id, { plan: 'pro' });
    await s.tags.add(ann.id, 'vip');
    await s.tags.add(ann.id, 'beta');
    await s.lists.add(bob.id, 'Newsletter');
    await s.scores.set(ann.id, 'SCORE', 10);
    await s.scores.set(ann.id, 'FIT', 3);
    await s.contacts.unsubscribe(bob.id, 1234);

    const first = await s.contactExport.page(0, 2);
    expect(first.contacts).toEqual([
      {
        id: ann.id,
        email: 'ann@example.com',
        externalId: 'crm-1',
        attributes: { plan: 'pro' },
        tags: ['beta', 'vip'],
        lists: [],
        scores: { FIT: 3, SCORE: 10 },
        unsubscribedAt: null,
      },
      {
        id: bob.id,
        email: 'bob@example.com',
        externalId: null,
        attributes: {},
        tags: [],
        lists: ['Newsletter'],
        scores: {},
        unsubscribedAt: 1234,
      },
    ]);
    expect(first.next).toBeDefined();
    const second = await s.contactExport.page(first.next ?? 0, 2);
    expect(second.contacts.map((c) => c.id)).toEqual([cy.id]);
    expect(second.next).toBeUndefined();
    expect(await s.contactExport.page(Number.MAX_SAFE_INTEGER, 2)).toEqual({ contacts: [], next: undefined });
  });
});
