import { describe, expect, it, vi } from 'vitest';
import { newId } from './ids.js';

describe('row ids', () => {
  it('are UUIDs of version 7 whose first 48 bits are the creation time', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 11, 1, 12), toFake: ['Date'] });
    try {
      const id = newId();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(Number.parseInt(id.replace('-', '').slice(0, 12), 16)).toBe(Date.UTC(2026, 11, 1, 12));
    } finally {
      vi.useRealTimers();
    }
  });

  it('sort in the order they were made across milliseconds, and never repeat', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1), toFake: ['Date'] });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 1000; i++) {
        ids.push(newId());
        vi.setSystemTime(Date.UTC(2026, 0, 1) + i + 1);
      }
      expect([...ids].sort()).toEqual(ids);
      expect(new Set(ids).size).toBe(ids.length);
      const sameMs = Array.from({ length: 10_000 }, newId);
      expect(new Set(sameMs).size).toBe(sameMs.length);
    } finally {
      vi.useRealTimers();
    }
  });
});
