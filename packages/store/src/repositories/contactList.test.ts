import { describe, expect, it } from 'vitest';
import { useTestStore } from '../testSupport.js';
import { CONTACT_SORT_KEYS } from './contactList.js';

const { store, clock } = useTestStore();
const DAY = 86_400_000;

/** Three contacts created a day apart: ann (oldest), bob, cat (newest), each with its own history. */
async function seed() {
  const s = store();
  const make = async (email: string | null, externalId?: string) => {
    const { contact } = await s.contacts.upsertByIdentity({ email, externalId });
    clock().advance(DAY);
    return contact.id;
  };
  const ann = await make('ann@example.com');
  const bob = await make('bob@example.com');
  const cat = await make('cat@example.com');
  const anon = await make(null, 'crm-7');
  await s.scores.set(ann, 'SCORE', 60);
  await s.scores.set(bob, 'SCORE', 5);
  await s.scores.set(bob, 'FIT', 90);
  await s.scores.set(cat, 'SCORE', 30);
  await s.contacts.setEngagementLevel(ann, 'neutral');
  await s.contacts.setEngagementLevel(bob, 'highly engaged');
  await s.contacts.setEngagementLevel(cat, 'at risk');
  // Events are written with the query builder, so this suite needs nothing but the contact list.
  const event = (id: string, contactId: string, occurredAt: number) =>
    s.db
      .insertInto('events')
      .values({
        id,
        type: 'page.viewed',
        contact_id: contactId,
        occurred_at: occurredAt,
        received_at: clock().now(),
      })
      .execute();
  await event('e1', bob, clock().now() - 3 * DAY);
  await event('e2', cat, clock().now() - 2 * DAY);
  await event('e3', bob, clock().now() - DAY);
  return { ann, bob, cat, anon };
}

const emails = (items: { email: string | null; externalId: string | null }[]) =>
  items.map((c) => c.email ?? c.externalId);

describe('contact list', () => {
  it('lists newest first by default, with every score and the latest event time, and the total', async () => {
    const { bob } = await seed();
    const { items, total } = await store().contactList.page();
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

  it('shows one contact as a row of the list', async () => {
    const { bob, ann } = await seed();
    const contact = await store().contacts.get(bob);
    if (!contact) throw new Error('bob was not created');
    expect(await store().contactList.entry(contact)).toEqual({
      ...contact,
      scores: [
        { name: 'FIT', value: 90 },
        { name: 'SCORE', value: 5 },
      ],
      lastActivityAt: new Date(clock().now() - DAY).toISOString(),
    });
    const quiet = await store().contacts.get(ann);
    if (!quiet) throw new Error('ann was not created');
    expect((await store().contactList.entry(quiet)).lastActivityAt).toBeNull();
  });

  it('sorts by a named score either way, contacts without it last', async () => {
    await seed();
    const desc = (await store().contactList.page({ sort: 'score', order: 'desc' })).items;
    expect(emails(desc)).toEqual(['ann@example.com', 'cat@example.com', 'bob@example.com', 'crm-7']);
    const asc = (await store().contactList.page({ sort: 'score', order: 'asc' })).items;
    expect(emails(asc)).toEqual(['bob@example.com', 'cat@example.com', 'ann@example.com', 'crm-7']);
    const fit = (await store().contactList.page({ sort: 'score', score: 'FIT' })).items;
    expect(emails(fit)[0]).toBe('bob@example.com');
  });

  it('sorts engagement by level, not alphabetically, a never-computed level counting as not engaged', async () => {
    await seed();
    const desc = (await store().contactList.page({ sort: 'engagement', order: 'desc' })).items;
    expect(emails(desc)).toEqual(['bob@example.com', 'ann@example.com', 'cat@example.com', 'crm-7']);
    const asc = (await store().contactList.page({ sort: 'engagement', order: 'asc' })).items;
    expect(emails(asc)).toEqual(['crm-7', 'cat@example.com', 'ann@example.com', 'bob@example.com']);
  });

  it('sorts by email and by last activity, missing values last', async () => {
    await seed();
    const byEmail = (await store().contactList.page({ sort: 'email', order: 'desc' })).items;
    expect(emails(byEmail)).toEqual(['cat@example.com', 'bob@example.com', 'ann@example.com', 'crm-7']);
    const byEmailAsc = (await store().contactList.page({ sort: 'email', order: 'asc' })).items;
    expect(emails(byEmailAsc)).toEqual(['ann@example.com', 'bob@example.com', 'cat@example.com', 'crm-7']);
    const recent = (await store().contactList.page({ sort: 'lastActivity', order: 'desc' })).items;
    expect(emails(recent)).toEqual(['bob@example.com', 'cat@example.com', 'crm-7', 'ann@example.com']);
  });

  it('pages without overlap in every sort', async () => {
    await seed();
    for (const sort of CONTACT_SORT_KEYS) {
      const all = (await store().contactList.page({ sort, limit: 10 })).items.map((c) => c.id);
      const paged: string[] = [];
      for (const offset of [0, 1, 2, 3]) {
        paged.push(...(await store().contactList.page({ sort, limit: 1, offset })).items.map((c) => c.id));
      }
      expect(paged, sort).toEqual(all);
    }
  });

  it('refuses a sort key outside the whitelist instead of putting it into SQL', async () => {
    await seed();
    const sort = 'email; DROP TABLE contacts' as never;
    await expect(store().contactList.page({ sort })).rejects.toThrow(RangeError);
    expect((await store().contactList.page()).total).toBe(4);
  });
});
