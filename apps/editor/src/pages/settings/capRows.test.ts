import { describe, expect, it } from 'vitest';
import { capsOf, newRow, rowsOf, windowInWords } from './capRows.js';

describe('frequency cap rows', () => {
  it('round-trips stored rules, leaving an empty category out', () => {
    const caps = {
      rules: [
        { max: 3, windowHours: 168 },
        { max: 1, windowHours: 24, category: 'promo' },
      ],
    };
    expect(capsOf(rowsOf(caps))).toEqual(caps);
  });

  it('sends numbers as numbers and anything else as typed, for the server to point at', () => {
    const row = { ...newRow(), max: ' 2 ', windowHours: 'a day', category: '  ' };
    expect(capsOf([row])).toEqual({ rules: [{ max: 2, windowHours: 'a day' }] });
  });

  it('gives the window in weeks, days or minutes when it is a whole number of them', () => {
    expect(windowInWords('168')).toBe('1 week');
    expect(windowInWords('336')).toBe('2 weeks');
    expect(windowInWords('48')).toBe('2 days');
    expect(windowInWords('24')).toBe('1 day');
    expect(windowInWords('0.5')).toBe('30 minutes');
    expect(windowInWords('36')).toBeNull();
    expect(windowInWords('')).toBeNull();
    expect(windowInWords('0')).toBeNull();
  });
});
