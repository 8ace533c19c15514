import { describe, expect, it } from 'vitest';
import { DAY_MS, useTestStore } from '../testSupport.js';

const { store, clock } = useTestStore();

describe('edge counts repository', () => {
  it('counts passes per edge and day, over every version of the flow', async () => {
    const today = clock().now();
    await store().edgeCounts.increment('f1', 1, ['a>b', 'b>c']);
    await store().edgeCounts.increment('f1', 1, ['a>b']);
    await store().edgeCounts.increment('f1', 2, ['a>b']);
    await store().edgeCounts.increment('f1', 1, ['a>b'], today - 3 * DAY_MS);
    await store().edgeCounts.increment('f2', 1, ['a>b']);
    await store().edgeCounts.increment('f1', 1, []);
    expect(await store().edgeCounts.since('f1', today)).toEqual({ 'a>b': 3, 'b>c': 1 });
    expect(await store().edgeCounts.since('f1', today - 3 * DAY_MS)).toEqual({ 'a>b': 4, 'b>c': 1 });
    expect(await store().edgeCounts.since('f3', 0)).toEqual({});
  });

  it('counts an edge passed twice in one call twice', async () => {
    await store().edgeCounts.increment('f1', 1, ['loop', 'loop', 'exit']);
    await store().edgeCounts.increment('f1', 1, ['loop']);
    expect(await store().edgeCounts.since('f1', 0)).toEqual({ loop: 3, exit: 1 });
  });

  it('loses no pass when transactions count the same edges at the same time', async () => {
    // On PostgreSQL they run at once on connections of the pool; on SQLite one after the other.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store().transaction(() =>
          store().edgeCounts.increment('f1', 1, i % 2 === 0 ? ['a>b', 'b>c'] : ['b>c', 'a>b']),
        ),
      ),
    );
    expect(await store().edgeCounts.since('f1', 0)).toEqual({ 'a>b': 20, 'b>c': 20 });
  });
});
