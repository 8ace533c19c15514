import { DEFAULT_BANDS } from '@scoreflow/flow';
import { describe, expect, it } from 'vitest';
import { useTestStore } from '../testSupport.js';

const { store, clock } = useTestStore();

describe('score definitions', () => {
  it('has SCORE from the start, with no bounds, no decay and the default bands', async () => {
    expect(await store().scoreDefinitions.list()).toEqual([
      expect.objectContaining({ name: 'SCORE', floor: null, cap: null, decay: null, bands: DEFAULT_BANDS }),
    ]);
    expect(await store().scoreDefinitions.withDecay()).toEqual([]);
  });

  it('creates, replaces and deletes definitions with their decay policy', async () => {
    await store().scoreDefinitions.upsert({
      name: 'product_interest',
      description: 'Interest in the product',
      floor: 0,
      cap: 100,
      decay: { kind: 'percent', percent: 10, periodDays: 7, events: ['email.opened'] },
    });
    clock().advance(1000);
    const replaced = await store().scoreDefinitions.upsert({
      name: 'product_interest',
      description: 'Interest',
      floor: 0,
      cap: 50,
      decay: { kind: 'expire', days: 90 },
    });
    expect(replaced).toMatchObject({ cap: 50, decay: { kind: 'expire', days: 90 } });
    expect(replaced.updatedAt).not.toBe(replaced.createdAt);
    expect((await store().scoreDefinitions.withDecay()).map((d) => d.name)).toEqual(['product_interest']);
    expect(await store().scoreDefinitions.delete('product_interest')).toBe(true);
    expect(await store().scoreDefinitions.get('product_interest')).toBeUndefined();
  });

  it('refuses a floor above the cap', async () => {
    await expect(
      store().scoreDefinitions.upsert({ name: 'x', description: '', floor: 10, cap: 5, decay: null }),
    ).rejects.toThrow(/floor must not be above the cap/);
  });
});

describe('what decay reads', () => {
  it('lists the holders of a score in keyset pages', async () => {
    const ids: string[] = [];
    for (const email of ['a@x.io', 'b@x.io', 'c@x.io']) {
      ids.push((await store().contacts.upsertByIdentity({ email })).contact.id);
    }
    for (const id of ids) await store().scores.set(id, 'SCORE', 5);
    const sorted = [...ids].sort();
    const first = await store().scores.holders('SCORE', { limit: 2 });
    expect(first.map((h) => h.contactId)).toEqual(sorted.slice(0, 2));
    const rest = await store().scores.holders('SCORE', {
      afterContactId: first[1]?.contactId ?? '',
      limit: 2,
    });
    expect(rest).toEqual([{ contactId: sorted[2], value: 5 }]);
  });

  it('lists gains old enough to expire until their expiry row exists', async () => {
    const id = (await store().contacts.upsertByIdentity({ email: 'd@x.io' })).contact.id;
    const gain = await store().ledger.append({
      contactId: id,
      score: 'SCORE',
      delta: 10,
      value: 10,
      causeKind: 'flow',
    });
    await store().ledger.append({ contactId: id, score: 'SCORE', delta: -2, value: 8, causeKind: 'flow' });
    clock().advance(1000);
    await store().ledger.append({ contactId: id, score: 'SCORE', delta: 5, value: 13, causeKind: 'flow' });
    expect((await store().ledger.listExpirable('SCORE', clock().now())).map((e) => e.id)).toEqual([gain.id]);
    await store().ledger.appendOnce(`expire:${gain.id}`, {
      contactId: id,
      score: 'SCORE',
      delta: -10,
      value: 3,
      causeKind: 'decay',
    });
    expect(await store().ledger.listExpirable('SCORE', clock().now())).toEqual([]);
  });
});
