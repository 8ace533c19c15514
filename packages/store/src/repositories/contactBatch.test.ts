import { describe, expect, it } from 'vitest';
import { isStoreError } from '../errors.js';
import { useTestStore } from '../testSupport.js';

const { store } = useTestStore();

const contact = async (email: string, externalId?: string) =>
  (await store().contacts.upsertByIdentity({ email, externalId })).contact;

describe('contact batch repository', () => {
  it('names and creates the contacts that one-by-one upserts would, in order, with their attributes', async () => {
    const x = await contact('x@example.com');
    await store().contacts.setAttributes(x.id, { plan: 'free' });
    const a = await contact('a@example.com', 'crm-a');
    const b = await contact('b@example.com', 'crm-b');
    await store().transaction(async () => {
      await store().merges.record({ from: b, intoId: a.id, actor: 'ops', summary: {} });
      await store().contacts.delete(b.id);
    });

    const results = await store().transaction(() =>
      store().contactBatch.upsertMany([
        { identity: { email: 'New1@Example.com' }, attributes: { city: 'Oslo' } },
        { identity: { email: 'x@example.com' }, attributes: { plan: 'pro', seats: 3 } },
        // X learns its external id: the one-by-one way.
        { identity: { email: 'X@example.com', externalId: 'crm-x' } },
        // Names the contact the first entry creates, which learns its external id.
        { identity: { email: 'new1@example.com', externalId: 'crm-n1' }, attributes: { city: 'Bergen' } },
        // A merged contact's identifier names the contact it was merged into.
        { identity: { externalId: 'crm-b' } },
        { identity: { email: 'new2@example.com' }, attributes: { n: 1 } },
        { identity: { email: 'new2@example.com' }, attributes: { n: 2, m: 1 } },
      ]),
    );

    const new1 = await store().contacts.findByEmail('new1@example.com');
    const new2 = await store().contacts.findByEmail('new2@example.com');
    expect(results.map((r) => [r.contact.id, r.created])).toEqual([
      [new1?.id, true],
      [x.id, false],
      [x.id, false],
      [new1?.id, false],
      [a.id, false],
      [new2?.id, true],
      [new2?.id, false],
    ]);
    expect(new1).toMatchObject({ externalId: 'crm-n1', attributes: { city: 'Bergen' } });
    expect(new2?.attributes).toEqual({ n: 2, m: 1 });
    expect(await store().contacts.get(x.id)).toMatchObject({
      externalId: 'crm-x',
      attributes: { plan: 'pro', seats: 3 },
    });
    expect(await store().contacts.get(a.id)).toMatchObject({ email: 'a@example.com', externalId: 'crm-a' });
  });

  it('throws the conflict one-by-one upserts throw, and a contact needs an identifier', async () => {
    await contact('x@example.com', 'crm-x');
    await contact('y@example.com', 'crm-y');
    const conflict = await store()
      .transaction(() =>
        store().contactBatch.upsertMany([
          { identity: { email: 'z@example.com' } },
          { identity: { email: 'x@example.com', externalId: 'crm-y' } },
        ]),
      )
      .catch((err: unknown) => err);
    expect(isStoreError(conflict) && conflict.code).toBe('contact_identity_conflict');
    // The transaction is undone with it: the first entry's contact was not kept.
    expect(await store().contacts.findByEmail('z@example.com')).toBeUndefined();

    const missing = await store()
      .contactBatch.upsertMany([{ identity: { email: ' ' } }])
      .catch((err: unknown) => err);
    expect(isStoreError(missing) && missing.code).toBe('contact_identity_required');
  });

  it('takes batches larger than one statement holds', async () => {
    const entries = Array.from({ length: 1_203 }, (_, i) => ({
      identity: { email: `p${i}@example.com`, externalId: `crm-${i}` },
      attributes: { i },
    }));
    const first = await store().transaction(() => store().contactBatch.upsertMany(entries));
    expect(first.filter((r) => r.created)).toHaveLength(1_203);
    const again = await store().transaction(() => store().contactBatch.upsertMany(entries));
    expect(again.map((r) => r.contact.id)).toEqual(first.map((r) => r.contact.id));
    expect(again.some((r) => r.created)).toBe(false);
    expect((await store().contacts.findByExternalId('crm-1202'))?.attributes).toEqual({ i: 1202 });
  });
});
