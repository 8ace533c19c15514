import { describe, expect, it } from 'vitest';
import { useTestStore } from '../testSupport.js';

const { store, clock } = useTestStore();

const welcome = { name: 'welcome', subject: 'Hi {{ contact.email }}', html: '<p>Hi</p>', text: 'Hi' };

describe('email templates repository', () => {
  it('creates, replaces, lists and deletes templates', async () => {
    const created = await store().emailTemplates.upsert(welcome);
    expect(created).toEqual({
      record: { ...welcome, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' },
      created: true,
    });
    clock().advance(1000);
    const replaced = await store().emailTemplates.upsert({ ...welcome, subject: 'Hello' });
    expect(replaced).toEqual({
      record: {
        ...welcome,
        subject: 'Hello',
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:01.000Z',
      },
      created: false,
    });
    await store().emailTemplates.upsert({ ...welcome, name: 'alert' });
    expect((await store().emailTemplates.list()).map((t) => t.name)).toEqual(['alert', 'welcome']);
    expect(await store().emailTemplates.get('welcome')).toEqual(replaced.record);
    expect(await store().emailTemplates.delete('welcome')).toBe(true);
    expect(await store().emailTemplates.delete('welcome')).toBe(false);
    expect(await store().emailTemplates.get('welcome')).toBeUndefined();
  });

  it('names the attribute keys contacts carry and every score, defined or held', async () => {
    const { attributes, scores } = await store().emailTemplates.variableNames();
    expect(attributes).toEqual([]);
    // Only definitions: SQLite's migrations define SCORE from the start.
    const defined = (
      await store().db.selectFrom('score_definitions').select('name').orderBy('name').execute()
    ).map((r) => r.name);
    expect(scores).toEqual(defined);
    const ann = (await store().contacts.upsertByIdentity({ email: 'ann@example.com' })).contact;
    const bob = (await store().contacts.upsertByIdentity({ email: 'bob@example.com' })).contact;
    await store().contacts.setAttributes(ann.id, { plan: 'pro', firstName: 'Ann' });
    await store().contacts.setAttributes(bob.id, { plan: 'free', company: 'Acme' });
    await store().scores.set(ann.id, 'SCORE', 1);
    await store().scores.set(bob.id, 'SCORE', 2);
    await store().scores.set(bob.id, 'FIT', 2);
    await store()
      .db.insertInto('score_definitions')
      .values({ name: 'ENGAGEMENT', created_at: 0, updated_at: 0 })
      .execute();
    expect(await store().emailTemplates.variableNames()).toEqual({
      attributes: ['company', 'firstName', 'plan'],
      scores: ['ENGAGEMENT', 'FIT', 'SCORE'],
    });
  });
});
