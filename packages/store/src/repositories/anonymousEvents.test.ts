import { describe, expect, it } from 'vitest';
import { DAY_MS, useTestStore } from '../testSupport.js';

const { store, clock } = useTestStore();

const page = (id: string, occurredAt: number, anonymousId = 'visitor-1') => ({
  id,
  anonymousId,
  type: 'page',
  payload: { contact: { anonymousId }, properties: { path: `/${id}` } },
  occurredAt,
});

const idsOf = async (anonymousId: string) =>
  (await store().anonymousEvents.listForVisitor(anonymousId)).map((e) => e.id);

describe('anonymous events repository', () => {
  it('keeps a visitor’s events in order and hands them over once', async () => {
    const start = clock().now();
    expect(await store().anonymousEvents.insert(page('b', start - 1_000))).toBe('inserted');
    expect(await store().anonymousEvents.insert(page('a', start - 2_000))).toBe('inserted');
    expect(await store().anonymousEvents.insert(page('other', start, 'visitor-2'))).toBe('inserted');
    expect(await store().anonymousEvents.insert(page('a', start))).toBe('duplicate');

    expect(await idsOf('visitor-1')).toEqual(['a', 'b']);
    const taken = await store().anonymousEvents.take('visitor-1');
    expect(taken.map((e) => e.id)).toEqual(['a', 'b']);
    expect(taken[0]).toEqual({
      id: 'a',
      anonymousId: 'visitor-1',
      type: 'page',
      payload: { contact: { anonymousId: 'visitor-1' }, properties: { path: '/a' } },
      occurredAt: new Date(start - 2_000).toISOString(),
      receivedAt: new Date(start).toISOString(),
    });
    expect(await store().anonymousEvents.take('visitor-1')).toEqual([]);
    expect(await store().anonymousEvents.has('other')).toBe(true);
    expect(await store().anonymousEvents.has('a')).toBe(false);
  });

  it('hands over events that occurred at the same time in the order they arrived', async () => {
    const at = clock().now();
    for (const id of ['x', 'y', 'z']) await store().anonymousEvents.insert(page(id, at));
    expect((await store().anonymousEvents.take('visitor-1')).map((e) => e.id)).toEqual(['x', 'y', 'z']);
  });

  it('refuses an id that is already a contact’s event', async () => {
    await store().events.insert({ id: 'seg-1', type: 'page', payload: {} });
    expect(await store().anonymousEvents.insert(page('seg-1', clock().now()))).toBe('duplicate');
    expect(await store().anonymousEvents.has('seg-1')).toBe(false);
  });

  it('keeps the newest events of a visitor past the cap', async () => {
    const start = clock().now();
    // Inserted out of order: the cap keeps by when they happened, not by when they arrived.
    for (const i of [3, 0, 4, 1, 2]) {
      await store().anonymousEvents.insert(page(`p${i}`, start + i), { perVisitor: 3 });
    }
    await store().anonymousEvents.insert(page('elsewhere', start, 'visitor-2'), { perVisitor: 3 });
    expect(await idsOf('visitor-1')).toEqual(['p2', 'p3', 'p4']);
    expect(await store().anonymousEvents.listForVisitor('visitor-2')).toHaveLength(1);
  });

  it('prunes what occurred before the cutoff, in batches', async () => {
    const start = clock().now();
    for (let i = 0; i < 7; i++) {
      await store().anonymousEvents.insert(page(`old${i}`, start - 40 * DAY_MS + i));
    }
    await store().anonymousEvents.insert(page('recent', start - DAY_MS));
    expect(await store().anonymousEvents.pruneBefore(start - 30 * DAY_MS, 3)).toBe(7);
    expect(await idsOf('visitor-1')).toEqual(['recent']);
  });
});
