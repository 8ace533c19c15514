import { describe, expect, it } from 'vitest';
import { formatDay, formatMoment, fromLocalInput, toLocalInput } from './zonedTime.js';

const at = (iso: string) => Date.parse(iso);

describe('dates on the flow clock', () => {
  it('shows a moment on the zone clock, not the browser one', () => {
    expect(formatMoment(at('2026-03-30T07:00:00Z'), 'Europe/Paris')).toBe('Mon 2026-03-30 09:00');
    expect(formatDay(at('2026-03-30T23:30:00Z'), 'Asia/Tokyo')).toBe('Tue 2026-03-31');
    expect(toLocalInput(at('2026-01-05T12:34:00Z'), 'UTC')).toBe('2026-01-05T12:34');
  });

  it('reads a typed date-time on the zone clock, in summer and in winter', () => {
    expect(fromLocalInput('2026-01-15T09:00', 'Europe/Paris')).toBe(at('2026-01-15T08:00:00Z'));
    expect(fromLocalInput('2026-07-15T09:00', 'Europe/Paris')).toBe(at('2026-07-15T07:00:00Z'));
    expect(fromLocalInput('2026-07-15T09:00', 'America/New_York')).toBe(at('2026-07-15T13:00:00Z'));
  });

  it('round-trips what it shows, on the day the clocks change', () => {
    const zone = 'Europe/Paris';
    const text = '2026-03-29T12:00';
    const ms = fromLocalInput(text, zone);
    expect(ms).toBe(at('2026-03-29T10:00:00Z'));
    expect(toLocalInput(ms as number, zone)).toBe(text);
  });

  it('refuses what is not a date-time', () => {
    expect(fromLocalInput('', 'UTC')).toBeUndefined();
    expect(fromLocalInput('tomorrow', 'UTC')).toBeUndefined();
  });
});
