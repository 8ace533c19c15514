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

describe('anonymous events repository', () => {
  it('keeps a visitor’s events in order and hands them over once', () => {
    const start = clock().now();
    expect(store().anonymousEvents.insert(page('b', start - 1_000))).toBe('inserted');
    expect(store().anonymousEvents.insert(page('a', start - 2_000))).toBe('inserted');
    expect(store().anonymousEvents.insert(page('other', start, 'visitor-2'))).toBe('inserted');
    expect(store().anonymousEvents.insert(page('a', start))).toBe('duplicate');

    expect(
      store()
        .anonymousEvents.listForVisitor('visitor-1')
        .map((e) => e.id),
    ).toEqual(['a', 'b']);
    const [first] = store().anonymousEvents.take('visitor-1');
    expect(first).toEqual({
      id: 'a',
      anonymousId: 'visitor-1',
      type: 'page',
      payload: { contact: { anonymousId: 'visitor-1' }, properties: { path: '/a' } },
      occurredAt: new Date(start - 2_000).toISOString(),
      receivedAt: new Date(start).toISOString(),
    });
    expect(store().anonymousEvents.take('visitor-1')).toEqual([]);
    expect(store().anonymousEvents.has('other')).toBe(true);
  });

  it('refuses an id that is already a contact’s event', () => {
    store().events.insert({ id: 'seg-1', type: 'page', payload: {} });
    expect(store().anonymousEvents.insert(page('seg-1', clock().now()))).toBe('duplicate');
    expect(store().anonymousEvents.has('seg-1')).toBe(false);
  });

  it('keeps the newest events of a visitor past the cap', () => {
    const start = clock().now();
    // Inserted out of order: the cap keeps by when they happened, not by when they arrived.
    for (const i of [3, 0, 4, 1, 2])
      store().anonymousEvents.insert(page(`p${i}`, start + i), { perVisitor: 3 });
    store().anonymousEvents.insert(page('elsewhere', start, 'visitor-2'), { perVisitor: 3 });
    expect(
      store()
        .anonymousEvents.listForVisitor('visitor-1')
        .map((e) => e.id),
    ).toEqual(['p2', 'p3', 'p4']);
    expect(store().anonymousEvents.listForVisitor('visitor-2')).toHaveLength(1);
  });

  it('prunes what occurred before the cutoff, in batches', () => {
    const start = clock().now();
    for (let i = 0; i < 7; i++) store().anonymousEvents.insert(page(`old${i}`, start - 40 * DAY_MS + i));
    store().anonymousEvents.insert(page('recent', start - DAY_MS));
    expect(store().anonymousEvents.pruneBefore(start - 30 * DAY_MS, 3)).toBe(7);
    expect(
      store()
        .anonymousEvents.listForVisitor('visitor-1')
        .map((e) => e.id),
    ).toEqual(['recent']);
  });
});
