import { describe, expect, it } from 'vitest';
import { isStoreError } from '../errors.js';
import { useTestStore } from '../testSupport.js';

const { store, clock } = useTestStore();

const errorCode = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return isStoreError(error) ? error.code : `not a StoreError: ${String(error)}`;
  }
  return undefined;
};

describe('contacts repository', () => {
  it('creates an unknown contact once, then finds it by email whatever the case', () => {
    const first = store().contacts.upsertByIdentity({ email: 'Ann@Example.COM' });
    expect(first.created).toBe(true);
    expect(first.contact).toMatchObject({
      email: 'ann@example.com',
      externalId: null,
      attributes: {},
      createdAt: '2026-01-01T00:00:00.000Z',
      lastEngagedAt: null,
      unsubscribedAt: null,
    });
    const again = store().contacts.upsertByIdentity({ email: ' ann@EXAMPLE.com ' });
    expect(again).toEqual({ contact: first.contact, created: false });
    expect(store().contacts.findByEmail('ANN@example.com')?.id).toBe(first.contact.id);
    expect(store().contacts.get(first.contact.id)).toEqual(first.contact);
  });

  it('identifies by external id and learns the missing identifier from a later event', () => {
    const byExternal = store().contacts.upsertByIdentity({ externalId: 'crm-42' });
    expect(byExternal.created).toBe(true);
    const both = store().contacts.upsertByIdentity({ externalId: 'crm-42', email: 'bob@example.com' });
    expect(both.created).toBe(false);
    expect(both.contact).toMatchObject({
      id: byExternal.contact.id,
      email: 'bob@example.com',
      externalId: 'crm-42',
    });
    expect(store().contacts.findByEmail('bob@example.com')?.id).toBe(byExternal.contact.id);

    const byEmail = store().contacts.upsertByIdentity({ email: 'cy@example.com' });
    const learned = store().contacts.upsertByIdentity({ email: 'CY@example.com', externalId: 'crm-7' });
    expect(learned.contact).toMatchObject({ id: byEmail.contact.id, externalId: 'crm-7' });
    expect(store().contacts.findByExternalId('crm-7')?.id).toBe(byEmail.contact.id);
  });

  it('refuses an identity that names two different contacts, or none', () => {
    store().contacts.upsertByIdentity({ email: 'ann@example.com' });
    store().contacts.upsertByIdentity({ externalId: 'crm-1' });
    expect(
      errorCode(() => store().contacts.upsertByIdentity({ email: 'ann@example.com', externalId: 'crm-1' })),
    ).toBe('contact_identity_conflict');
    store().contacts.upsertByIdentity({ email: 'dan@example.com', externalId: 'crm-2' });
    expect(
      errorCode(() => store().contacts.upsertByIdentity({ email: 'dan@example.com', externalId: 'crm-3' })),
    ).toBe('contact_identity_conflict');
    expect(errorCode(() => store().contacts.upsertByIdentity({}))).toBe('contact_identity_required');
    expect(errorCode(() => store().contacts.upsertByIdentity({ email: '  ', externalId: null }))).toBe(
      'contact_identity_required',
    );
    // Nothing was created by the refused calls.
    expect(store().contacts.findByExternalId('crm-3')).toBeUndefined();
    expect(store().contacts.list()).toHaveLength(3);
  });

  it('merges attributes and reports which ones changed', () => {
    const { contact } = store().contacts.upsertByIdentity({ email: 'ann@example.com' });
    clock().advance(1000);
    const first = store().contacts.setAttributes(contact.id, { firstName: 'Ann', plan: 'free' });
    expect(first?.changed.sort()).toEqual(['firstName', 'plan']);
    const second = store().contacts.setAttribute(contact.id, 'plan', 'pro');
    expect(second?.changed).toEqual(['plan']);
    expect(second?.contact.attributes).toEqual({ firstName: 'Ann', plan: 'pro' });
    expect(second?.contact.updatedAt).toBe('2026-01-01T00:00:01.000Z');
    expect(store().contacts.setAttribute(contact.id, 'plan', 'pro')?.changed).toEqual([]);
    expect(store().contacts.setAttribute('missing', 'plan', 'pro')).toBeUndefined();
  });

  it('stores an attribute named __proto__ as plain data', () => {
    const { contact } = store().contacts.upsertByIdentity({ email: 'ann@example.com' });
    const patch = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}') as Record<string, unknown>;
    store().contacts.setAttributes(contact.id, patch);
    const attributes = store().contacts.get(contact.id)?.attributes ?? {};
    expect(Object.hasOwn(attributes, '__proto__')).toBe(true);
    expect(attributes.ok).toBe(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps the latest engagement time and the first unsubscribe time', () => {
    const { contact } = store().contacts.upsertByIdentity({ email: 'ann@example.com' });
    expect(store().contacts.touchEngagement(contact.id, Date.UTC(2026, 0, 5))).toBe(true);
    expect(store().contacts.touchEngagement(contact.id, Date.UTC(2026, 0, 3))).toBe(false);
    expect(store().contacts.get(contact.id)?.lastEngagedAt).toBe('2026-01-05T00:00:00.000Z');
    store().contacts.unsubscribe(contact.id, Date.UTC(2026, 1, 1));
    store().contacts.unsubscribe(contact.id, Date.UTC(2026, 2, 1));
    expect(store().contacts.get(contact.id)?.unsubscribedAt).toBe('2026-02-01T00:00:00.000Z');
  });

  it('deletes a contact with its scores, tags and lists', () => {
    const { contact } = store().contacts.upsertByIdentity({ email: 'ann@example.com' });
    store().scores.set(contact.id, 'SCORE', 10);
    store().tags.add(contact.id, 'vip');
    store().lists.add(contact.id, 'Qualified leads');
    expect(store().contacts.delete(contact.id)).toBe(true);
    expect(store().scores.all(contact.id)).toEqual({});
    expect(store().tags.list(contact.id)).toEqual([]);
    expect(store().lists.members('Qualified leads')).toEqual([]);
    expect(store().contacts.delete(contact.id)).toBe(false);
  });

  it('lists contacts newest first, paged', () => {
    for (const email of ['a@x.io', 'b@x.io', 'c@x.io']) {
      store().contacts.upsertByIdentity({ email });
      clock().advance(1);
    }
    expect(
      store()
        .contacts.list({ limit: 2 })
        .map((c) => c.email),
    ).toEqual(['c@x.io', 'b@x.io']);
    expect(
      store()
        .contacts.list({ limit: 2, offset: 2 })
        .map((c) => c.email),
    ).toEqual(['a@x.io']);
  });
});
