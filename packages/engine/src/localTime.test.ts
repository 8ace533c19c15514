import { describe, expect, it } from 'vitest';
import { contactZone, dateAttributeMoment, nextDayAt, nextOpening } from './localTime.js';
import { contact } from './testkit.js';

const utc = (iso: string) => Date.parse(iso);
const workHours = { days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, from: '09:00', to: '17:00' };
const window = { ...workHours, days: [...workHours.days] };

describe('the send window on the contact clock', () => {
  it('lets a send inside the window go now', () => {
    // Wednesday 10:00 in Paris (CET, UTC+1).
    expect(nextOpening(window, 'Europe/Paris', utc('2026-03-25T09:00:00Z'))).toBe(
      utc('2026-03-25T09:00:00Z'),
    );
  });

  it('holds a send before the opening until 09:00 the same day, and one at closing time until the next day', () => {
    expect(nextOpening(window, 'Europe/Paris', utc('2026-03-25T06:00:00Z'))).toBe(
      utc('2026-03-25T08:00:00Z'),
    );
    // 17:00 is past the window, which covers [09:00, 17:00).
    expect(nextOpening(window, 'Europe/Paris', utc('2026-03-25T16:00:00Z'))).toBe(
      utc('2026-03-26T08:00:00Z'),
    );
  });

  it('carries a Friday evening send over a spring-forward weekend to Monday 09:00 summer time', () => {
    // Friday 27 March 2026 18:00 CET; clocks go forward on Sunday 29; Monday 09:00 CEST is 07:00 UTC.
    expect(nextOpening(window, 'Europe/Paris', utc('2026-03-27T17:00:00Z'))).toBe(
      utc('2026-03-30T07:00:00Z'),
    );
    // New York moved its clocks on 8 March: Monday 9 March 09:00 EDT is 13:00 UTC, not 14:00.
    expect(nextOpening(window, 'America/New_York', utc('2026-03-06T23:00:00Z'))).toBe(
      utc('2026-03-09T13:00:00Z'),
    );
  });

  it('crosses the autumn change the other way', () => {
    // Friday 23 October 2026 18:00 CEST; clocks go back on Sunday 25; Monday 09:00 CET is 08:00 UTC.
    expect(nextOpening(window, 'Europe/Paris', utc('2026-10-23T16:00:00Z'))).toBe(
      utc('2026-10-26T08:00:00Z'),
    );
  });
});

describe('waiting until a day and time', () => {
  it('waits for the next of the days at that time, never the same moment', () => {
    // Monday 09:00 Paris exactly: the next Monday-or-Thursday 09:00 is Thursday.
    expect(nextDayAt(['mon', 'thu'], '09:00', 'Europe/Paris', utc('2026-06-01T07:00:00Z'))).toBe(
      utc('2026-06-04T07:00:00Z'),
    );
    expect(nextDayAt(['mon'], '09:00', 'Europe/Paris', utc('2026-06-01T06:59:00Z'))).toBe(
      utc('2026-06-01T07:00:00Z'),
    );
  });

  it('moves a time the clocks skip forward by the gap', () => {
    // 02:30 does not exist in Paris on 29 March 2026 (02:00 → 03:00): it becomes 03:30 CEST, 01:30 UTC.
    expect(nextDayAt(['sun'], '02:30', 'Europe/Paris', utc('2026-03-28T12:00:00Z'))).toBe(
      utc('2026-03-29T01:30:00Z'),
    );
  });
});

describe('waiting until a date attribute', () => {
  it('takes a plain date on the contact calendar, moved by the offset, at the time', () => {
    expect(dateAttributeMoment('2026-06-15', -7, '09:00', 'Europe/Paris')).toBe(utc('2026-06-08T07:00:00Z'));
    expect(dateAttributeMoment('2026-06-15', 0, '09:00', 'UTC')).toBe(utc('2026-06-15T09:00:00Z'));
  });

  it("reads a date-time by its date in the contact's zone, and epoch milliseconds too", () => {
    // 23:30 UTC on the 15th is already the 16th in Tokyo.
    expect(dateAttributeMoment('2026-06-15T23:30:00Z', 0, '09:00', 'Asia/Tokyo')).toBe(
      utc('2026-06-16T00:00:00Z'),
    );
    expect(dateAttributeMoment(utc('2026-06-15T12:00:00Z'), 1, '08:00', 'UTC')).toBe(
      utc('2026-06-16T08:00:00Z'),
    );
  });

  it('finds no date in other values', () => {
    for (const value of ['soon', '', '2026-13-40', null, undefined, true, Number.NaN, {}])
      expect(dateAttributeMoment(value, 0, '09:00', 'UTC')).toBeUndefined();
  });
});

describe("the contact's time zone", () => {
  it("takes the contact's timezone attribute when it names a zone, else the flow's, else UTC", () => {
    expect(contactZone(contact({ attributes: { timezone: 'America/New_York' } }), 'Europe/Paris')).toBe(
      'America/New_York',
    );
    expect(contactZone(contact({ attributes: { timezone: 'Mars/Olympus' } }), 'Europe/Paris')).toBe(
      'Europe/Paris',
    );
    expect(contactZone(contact(), undefined)).toBe('UTC');
  });
});
