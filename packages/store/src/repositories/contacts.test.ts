import { sql } from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import { isStoreError } from '../errors.js';
import { useTestStore } from '../testSupport.js';

const { store, clock } = useTestStore();
// How long a test waits for another connection to get somewhere (polling, not sleeping).
const WAIT = { timeout: 10_000, interval: 20 };

/** Waits until one backend waits for a lock the backend `holder` holds (PostgreSQL). */
const blockedBy = (holder: number | undefined) =>
  vi.waitFor(async () => {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*) AS n FROM pg_stat_activity WHERE ${holder} = ANY (pg_blocking_pids(pid))`.execute(
      store().db,
    );
    expect(rows[0]?.n).toBe(1);
  }, WAIT);

const errorCode = async (fn: () => Promise<unknown>): Promise<string | undefined> => {
  try {
    await fn();
  } catch (error) {
    return isStoreError(error) ? error.code : `not a StoreError: ${String(error)}`;
  }
  return undefined;
};

describe('contacts repository', () => {
  it('creates an unknown contact once, then finds it by email whatever the case', async () => {
    const first = await store().contacts.upsertByIdentity({ email: 'Ann@Example.COM' });
    expect(first.created).toBe(true);
    expect(first.contact).toMatchObject({
      email: 'ann@example.com',
      externalId: null,
      attributes: {},
      createdAt: '2026-01-01T00:00:00.000Z',
      lastEngagedAt: null,
      unsubscribedAt: null,
    });
    const again = await store().contacts.upsertByIdentity({ email: ' ann@EXAMPLE.com ' });
    expect(again).toEqual({ contact: first.contact, created: false });
    expect((await store().contacts.findByEmail('ANN@example.com'))?.id).toBe(first.contact.id);
    expect(await store().contacts.get(first.contact.id)).toEqual(first.contact);
  });

  it('creates a contact named at the same moment by several events once', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => store().contacts.upsertByIdentity({ email: 'ann@example.com' })),
    );
    expect(new Set(results.map((r) => r.contact.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await store().contacts.list()).toHaveLength(1);
  });

  it('identifies by external id and learns the missing identifier from a later event', async () => {
    const byExternal = await store().contacts.upsertByIdentity({ externalId: 'crm-42' });
    expect(byExternal.created).toBe(true);
    const both = await store().contacts.upsertByIdentity({ externalId: 'crm-42', email: 'bob@example.com' });
    expect(both.created).toBe(false);
    expect(both.contact).toMatchObject({
      id: byExternal.contact.id,
      email: 'bob@example.com',
      externalId: 'crm-42',
    });
    expect((await store().contacts.findByEmail('bob@example.com'))?.id).toBe(byExternal.contact.id);

    const byEmail = await store().contacts.upsertByIdentity({ email: 'cy@example.com' });
    const learned = await store().contacts.upsertByIdentity({ email: 'CY@example.com', externalId: 'crm-7' });
    expect(learned.contact).toMatchObject({ id: byEmail.contact.id, externalId: 'crm-7' });
    expect((await store().contacts.findByExternalId('crm-7'))?.id).toBe(byEmail.contact.id);
  });

  it('refuses an identity that names two different contacts, or none', async () => {
    await store().contacts.upsertByIdentity({ email: 'ann@example.com' });
    await store().contacts.upsertByIdentity({ externalId: 'crm-1' });
    expect(
      await errorCode(() =>
        store().contacts.upsertByIdentity({ email: 'ann@example.com', externalId: 'crm-1' }),
      ),
    ).toBe('contact_identity_conflict');
    await store().contacts.upsertByIdentity({ email: 'dan@example.com', externalId: 'crm-2' });
    expect(
      await errorCode(() =>
        store().contacts.upsertByIdentity({ email: 'dan@example.com', externalId: 'crm-3' }),
      ),
    ).toBe('contact_identity_conflict');
    expect(await errorCode(() => store().contacts.upsertByIdentity({}))).toBe('contact_identity_required');
    expect(await errorCode(() => store().contacts.upsertByIdentity({ email: '  ', externalId: null }))).toBe(
      'contact_identity_required',
    );
    // Nothing was created by the refused calls.
    expect(await store().contacts.findByExternalId('crm-3')).toBeUndefined();
    expect(await store().contacts.list()).toHaveLength(3);
  });

  it('merges attributes and reports which ones changed', async () => {
    const { contact } = await store().contacts.upsertByIdentity({ email: 'ann@example.com' });
    clock().advance(1000);
    const first = await store().contacts.setAttributes(contact.id, { firstName: 'Ann', plan: 'free' });
    expect(first?.changed.sort()).toEqual(['firstName', 'plan']);
    const second = await store().contacts.setAttribute(contact.id, 'plan', 'pro');
    expect(second?.changed).toEqual(['plan']);
    expect(second?.contact.attributes).toEqual({ firstName: 'Ann', plan: 'pro' });
    expect(second?.contact.updatedAt).toBe('2026-01-01T00:00:01.000Z');
    expect((await store().contacts.setAttribute(contact.id, 'plan', 'pro'))?.changed).toEqual([]);
    expect(await store().contacts.setAttribute('missing', 'plan', 'pro')).toBeUndefined();
  });

  it('loses no attribute when several are set at the same moment', async () => {
    const { contact } = await store().contacts.upsertByIdentity({ email: 'ann@example.com' });
    const names = ['a', 'b', 'c', 'd', 'e'];
    await Promise.all(names.map((name, i) => store().contacts.setAttribute(contact.id, name, i)));
    expect((await store().contacts.get(contact.id))?.attributes).toEqual({ a: 0, b: 1, c: 2, d: 3, e: 4 });
  });

  it('stores an attribute named __proto__ as plain data', async () => {
    const { contact } = await store().contacts.upsertByIdentity({ email: 'ann@example.com' });
    const patch = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}') as Record<string, unknown>;
    await store().contacts.setAttributes(contact.id, patch);
    const attributes = (await store().contacts.get(contact.id))?.attributes ?? {};
    expect(Object.hasOwn(attributes, '__proto__')).toBe(true);
    expect(attributes.ok).toBe(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps the latest engagement time and the first unsubscribe time', async () => {
    const { contact } = await store().contacts.upsertByIdentity({ email: 'ann@example.com' });
    expect(await store().contacts.touchEngagement(contact.id, Date.UTC(2026, 0, 5))).toBe(true);
    expect(await store().contacts.touchEngagement(contact.id, Date.UTC(2026, 0, 3))).toBe(false);
    expect((await store().contacts.get(contact.id))?.lastEngagedAt).toBe('2026-01-05T00:00:00.000Z');
    expect(await store().contacts.unsubscribe(contact.id, Date.UTC(2026, 1, 1))).toBe(true);
    await store().contacts.unsubscribe(contact.id, Date.UTC(2026, 2, 1));
    expect((await store().contacts.get(contact.id))?.unsubscribedAt).toBe('2026-02-01T00:00:00.000Z');
    expect(await store().contacts.unsubscribe('missing')).toBe(false);
  });

  it('stores the engagement level and pages contacts whose level differs', async () => {
    const ids: string[] = [];
    for (const email of ['a@x.io', 'b@x.io', 'c@x.io']) {
      ids.push((await store().contacts.upsertByIdentity({ email })).contact.id);
    }
    const [a = '', b = '', c = ''] = ids;
    const [low = '', high = ''] = [a, c].sort();
    expect(await store().contacts.setEngagementLevel(a, 'engaged')).toBeNull();
    expect(await store().contacts.setEngagementLevel(a, 'at risk')).toBe('engaged');
    await store().contacts.setEngagementLevel(b, 'engaged');
    await store().contacts.setEngagementLevel(c, 'neutral');
    expect((await store().contacts.get(a))?.engagementLevel).toBe('at risk');
    expect(await store().contacts.listWithEngagementOtherThan('engaged')).toEqual([low, high]);
    expect(await store().contacts.listWithEngagementOtherThan('engaged', { limit: 1 })).toEqual([low]);
    expect(await store().contacts.listWithEngagementOtherThan('engaged', { afterId: low })).toEqual([high]);
  });

  it('locks a contact inside a transaction, and the transaction goes on', async () => {
    const { contact } = await store().contacts.upsertByIdentity({ email: 'ann@example.com' });
    const result = await store().transaction(async () => {
      await store().contacts.lock(contact.id);
      return store().contacts.setAttribute(contact.id, 'plan', 'pro');
    });
    expect(result?.contact.attributes).toEqual({ plan: 'pro' });
  });

  it.skipIf(!process.env.SCOREFLOW_TEST_POSTGRES)(
    'makes a second transaction locking the contact wait for the first to end (PostgreSQL)',
    async () => {
      const { contact } = await store().contacts.upsertByIdentity({ email: 'ann@example.com' });
      const order: string[] = [];
      let release = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let holder: number | undefined;
      const first = store().transaction(async () => {
        await store().contacts.lock(contact.id);
        holder = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(store().db)).rows[0]
          ?.pid;
        await released;
        order.push('first ends');
      });
      await vi.waitFor(() => expect(holder).toBeDefined(), WAIT);
      const second = store().transaction(async () => {
        await store().contacts.lock(contact.id);
        order.push('second locked');
      });
      // The second transaction's lock waits on the first's backend.
      await blockedBy(holder);
      release();
      await Promise.all([first, second]);
      expect(order).toEqual(['first ends', 'second locked']);
    },
  );

  it.skipIf(!process.env.SCOREFLOW_TEST_POSTGRES)(
    'locks a contact found by its email alone in the read that finds it, when asked to (PostgreSQL)',
    async () => {
      const created = await store().contacts.upsertByIdentity({ email: 'ann@example.com' }, { lock: true });
      // Created, or found by another identifier: the caller locks it.
      expect(created).toMatchObject({ created: true });
      expect(created.locked).toBeFalsy();
      const { contact } = created;
      let release = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let holder: number | undefined;
      const first = store().transaction(async () => {
        const found = await store().contacts.upsertByIdentity({ email: 'ANN@example.com' }, { lock: true });
        expect(found).toMatchObject({ contact: { id: contact.id }, created: false, locked: true });
        holder = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(store().db)).rows[0]
          ?.pid;
        await released;
      });
      await vi.waitFor(() => expect(holder).toBeDefined(), WAIT);
      let secondLocked = false;
      const second = store().transaction(async () => {
        await store().contacts.lock(contact.id);
        secondLocked = true;
      });
      await blockedBy(holder);
      expect(secondLocked).toBe(false);
      release();
      await Promise.all([first, second]);
      expect(secondLocked).toBe(true);
    },
  );

  it('deletes a contact with its scores, tags and lists', async () => {
    const { contact } = await store().contacts.upsertByIdentity({ email: 'ann@example.com' });
    await store().scores.set(contact.id, 'SCORE', 10);
    await store().tags.add(contact.id, 'vip');
    await store().lists.add(contact.id, 'Qualified leads');
    expect(await store().contacts.delete(contact.id)).toBe(true);
    expect(await store().scores.all(contact.id)).toEqual({});
    expect(await store().tags.list(contact.id)).toEqual([]);
    expect(await store().lists.members('Qualified leads')).toEqual([]);
    expect(await store().contacts.delete(contact.id)).toBe(false);
  });

  it('lists contacts newest first, paged', async () => {
    for (const email of ['a@x.io', 'b@x.io', 'c@x.io']) {
      await store().contacts.upsertByIdentity({ email });
      clock().advance(1);
    }
    const emails = async (options: { limit?: number; offset?: number }) =>
      (await store().contacts.list(options)).map((c) => c.email);
    expect(await emails({ limit: 2 })).toEqual(['c@x.io', 'b@x.io']);
    expect(await emails({ limit: 2, offset: 2 })).toEqual(['a@x.io']);
  });
});
