import { describe, expect, it } from 'vitest';
import { useTestStore } from '../testSupport.js';
import { CONTACT_SORT_KEYS } from './contactList.js';

const { store, clock } = useTestStore();
const DAY = 86_400_000;

/** Three contacts created a day apart: ann (oldest), bob, cat (newest), each with its own history. */
function seed() {
  const s = store();
  const make = (email: string | null, externalId?: string) => {
    const { contact } = s.contacts.upsertByIdentity({ email, externalId });
    clock().advance(DAY);
    return contact.id;
  };
  const ann = make('ann@example.com');
  const bob = make('bob@example.com');
  const cat = make('cat@example.com');
  const anon = make(null, 'crm-7');
  s.scores.set(ann, 'SCORE', 60);
  s.scores.set(bob, 'SCORE', 5);
  s.scores.set(bob, 'FIT', 90);
  s.scores.set(cat, 'SCORE', 30);
  s.contacts.setEngagementLevel(ann, 'neutral');
  s.contacts.setEngagementLevel(bob, 'highly engaged');
  s.contacts.setEngagementLevel(cat, 'at risk');
  s.events.insert({ id: 'e1', type: 'page.viewed', contactId: bob, occurredAt: clock().now() - 3 * DAY });
  s.events.insert({ id: 'e2', type: 'page.viewed', contactId: cat, occurredAt: clock().now() - 2 * DAY });
  s.events.insert({ id: 'e3', type: 'page.viewed', contactId: bob, occurredAt: clock().now() - DAY });
  return { ann, bob, cat, anon };
}

const emails = (items: { email: string | null; externalId: string | null }[]) =>
  items.map((c) => c.email ?? c.externalId);

describe('contact list', () => {
  it('lists newest first by default, with every score and the latest event time, and the total', () => {
    const { bob } = seed();
    const { items, total } = store().contactList.page();
    expect(total).toBe(4);
    expect(emails(items)).toEqual(['crm-7', 'cat@example.com', 'bob@example.com', 'ann@example.com']);
    const b = items.find((c) => c.id === bob);
    expect(b?.scores).toEqual([
      { name: 'FIT', value: 90 },
      { name: 'SCORE', value: 5 },
    ]);
    expect(b?.engagementLevel).toBe('highly engaged');
    expect(b?.lastActivityAt).toBe(new Date(clock().now() - DAY).toISOString());
    expect(items[0]?.lastActivityAt).toBeNull();
  });

  it('sorts by a named score either way, contacts without it last', () => {
    seed();
    const desc = store().contactList.page({ sort: 'score', order: 'desc' }).items;
    expect(emails(desc)).toEqual(['ann@example.com', 'cat@example.com', 'bob@example.com', 'crm-7']);
    const asc = store().contactList.page({ sort: 'score', order: 'asc' }).items;
    expect(emails(asc)).toEqual(['bob@example.com', 'cat@example.com', 'ann@example.com', 'crm-7']);
    const fit = store().contactList.page({ sort: 'score', score: 'FIT' }).items;
    expect(emails(fit)[0]).toBe('bob@example.com');
  });

  it('sorts engagement by level, not alphabetically, a never-computed level counting as not engaged', () => {
    seed();
    const desc = store().contactList.page({ sort: 'engagement', order: 'desc' }).items;
    expect(emails(desc)).toEqual(['bob@example.com', 'ann@example.com', 'cat@example.com', 'crm-7']);
    const asc = store().contactList.page({ sort: 'engagement', order: 'asc' }).items;
    expect(emails(asc)).toEqual(['crm-7', 'cat@example.com', 'ann@example.com', 'bob@example.com']);
  });

  it('sorts by email and by last activity, missing values last', () => {
    seed();
    const byEmail = store().contactList.page({ sort: 'email', order: 'desc' }).items;
    expect(emails(byEmail)).toEqual(['cat@example.com', 'bob@example.com', 'ann@example.com', 'crm-7']);
    const recent = store().contactList.page({ sort: 'lastActivity', order: 'desc' }).items;
    expect(emails(recent)).toEqual(['bob@example.com', 'cat@example.com', 'crm-7', 'ann@example.com']);
  });

  it('pages without overlap in every sort', () => {
    seed();
    for (const sort of CONTACT_SORT_KEYS) {
      const all = store()
        .contactList.page({ sort, limit: 10 })
        .items.map((c) => c.id);
      const paged = [0, 1, 2, 3].flatMap((offset) =>
        store()
          .contactList.page({ sort, limit: 1, offset })
          .items.map((c) => c.id),
      );
      expect(paged, sort).toEqual(all);
    }
  });

  it('refuses a sort key outside the whitelist instead of putting it into SQL', () => {
    seed();
    const sort = 'email; DROP TABLE contacts' as never;
    expect(() => store().contactList.page({ sort })).toThrow(RangeError);
    expect(store().contactList.page().total).toBe(4);
  });
});
