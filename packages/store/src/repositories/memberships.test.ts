import { beforeEach, describe, expect, it } from 'vitest';
import { useTestStore } from '../testSupport.js';

const { store, clock } = useTestStore();
let ann: string;
let bob: string;
beforeEach(() => {
  ann = store().contacts.upsertByIdentity({ email: 'ann@example.com' }).contact.id;
  bob = store().contacts.upsertByIdentity({ email: 'bob@example.com' }).contact.id;
});

describe.each(['tags', 'lists'] as const)('%s repository', (kind) => {
  const repo = () => store()[kind];

  it('adds once: the second add reports the contact was already a member', () => {
    expect(repo().add(ann, 'Qualified leads')).toBe(true);
    expect(repo().add(ann, 'Qualified leads')).toBe(false);
    expect(repo().has(ann, 'Qualified leads')).toBe(true);
    expect(repo().has(bob, 'Qualified leads')).toBe(false);
  });

  it('removes, reporting whether the contact was a member', () => {
    repo().add(ann, 'vip');
    expect(repo().remove(ann, 'vip')).toBe(true);
    expect(repo().remove(ann, 'vip')).toBe(false);
    expect(repo().has(ann, 'vip')).toBe(false);
    // After a removal, adding again is new again (a tag-added trigger fires again).
    expect(repo().add(ann, 'vip')).toBe(true);
  });

  it("lists a contact's memberships sorted and a membership's contacts oldest first", () => {
    repo().add(ann, 'b');
    repo().add(ann, 'a');
    clock().advance(10);
    repo().add(bob, 'a');
    expect(repo().list(ann)).toEqual(['a', 'b']);
    expect(repo().list(bob)).toEqual(['a']);
    expect(repo().members('a')).toEqual([ann, bob]);
    expect(repo().members('a', { offset: 1 })).toEqual([bob]);
  });

  it('keeps tags and lists apart', () => {
    repo().add(ann, 'shared-name');
    const other = kind === 'tags' ? store().lists : store().tags;
    expect(other.has(ann, 'shared-name')).toBe(false);
  });
});
