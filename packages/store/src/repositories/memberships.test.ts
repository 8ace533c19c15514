import { beforeEach, describe, expect, it } from 'vitest';
import { useTestStore } from '../testSupport.js';

const { store, clock } = useTestStore();
let ann: string;
let bob: string;
beforeEach(async () => {
  ann = (await store().contacts.upsertByIdentity({ email: 'ann@example.com' })).contact.id;
  bob = (await store().contacts.upsertByIdentity({ email: 'bob@example.com' })).contact.id;
});

describe.each(['tags', 'lists'] as const)('%s repository', (kind) => {
  const repo = () => store()[kind];

  it('adds once: the second add reports the contact was already a member', async () => {
    expect(await repo().add(ann, 'Qualified leads')).toBe(true);
    expect(await repo().add(ann, 'Qualified leads')).toBe(false);
    expect(await repo().has(ann, 'Qualified leads')).toBe(true);
    expect(await repo().has(bob, 'Qualified leads')).toBe(false);
  });

  it('adds many at once, keeping memberships the contacts already had', async () => {
    await repo().add(ann, 'vip');
    clock().advance(10);
    await repo().addMany([
      { contactId: bob, name: 'vip' },
      { contactId: ann, name: 'vip' },
      { contactId: ann, name: 'b' },
    ]);
    expect(await repo().list(ann)).toEqual(['b', 'vip']);
    // Ann's membership is the one she had: still the oldest.
    expect(await repo().members('vip')).toEqual([ann, bob]);
  });

  it('removes, reporting whether the contact was a member', async () => {
    await repo().add(ann, 'vip');
    expect(await repo().remove(ann, 'vip')).toBe(true);
    expect(await repo().remove(ann, 'vip')).toBe(false);
    expect(await repo().has(ann, 'vip')).toBe(false);
    // After a removal, adding again is new again (a tag-added trigger fires again).
    expect(await repo().add(ann, 'vip')).toBe(true);
  });

  it("lists a contact's memberships sorted and a membership's contacts oldest first", async () => {
    await repo().add(ann, 'b');
    await repo().add(ann, 'a');
    clock().advance(10);
    await repo().add(bob, 'a');
    expect(await repo().list(ann)).toEqual(['a', 'b']);
    expect(await repo().list(bob)).toEqual(['a']);
    expect(await repo().members('a')).toEqual([ann, bob]);
    expect(await repo().members('a', { offset: 1 })).toEqual([bob]);
    expect(await repo().members('a', { limit: 1 })).toEqual([ann]);
  });

  it('names every membership in use with its number of contacts', async () => {
    await repo().add(ann, 'b');
    await repo().add(ann, 'a');
    await repo().add(bob, 'a');
    expect(await repo().names()).toEqual([
      { name: 'a', contacts: 2 },
      { name: 'b', contacts: 1 },
    ]);
  });

  it('keeps tags and lists apart', async () => {
    await repo().add(ann, 'shared-name');
    const other = kind === 'tags' ? store().lists : store().tags;
    expect(await other.has(ann, 'shared-name')).toBe(false);
  });
});
