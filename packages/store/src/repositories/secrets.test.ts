import { describe, expect, it } from 'vitest';
import { useTestStore } from '../testSupport.js';

const { store } = useTestStore();

describe('secrets repository', () => {
  it('generates a secret on first use and keeps it; callers at the same moment get the same one', async () => {
    expect(await store().secrets.get('webhook')).toBeUndefined();
    const values = await Promise.all([1, 2, 3].map(() => store().secrets.getOrCreate('webhook')));
    expect(new Set(values).size).toBe(1);
    expect(values[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await store().secrets.getOrCreate('webhook')).toBe(values[0]);
    expect(await store().secrets.get('webhook')).toBe(values[0]);
  });

  it('rotates to a fresh secret and deletes', async () => {
    const first = await store().secrets.getOrCreate('webhook');
    const rotated = await store().secrets.rotate('webhook');
    expect(rotated).not.toBe(first);
    expect(await store().secrets.get('webhook')).toBe(rotated);
    expect(await store().secrets.rotate('fresh')).toBe(await store().secrets.get('fresh'));
    expect(await store().secrets.delete('webhook')).toBe(true);
    expect(await store().secrets.delete('webhook')).toBe(false);
    expect(await store().secrets.get('webhook')).toBeUndefined();
  });
});
