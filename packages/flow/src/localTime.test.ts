import { describe, expect, it } from 'vitest';
import { describeDays, describeWindow, isTimeZone } from './localTime.js';
import { validateFlow } from './validation/validate.js';

describe('time zones and send windows in flow settings', () => {
  it('refuses a zone that does not exist and a window that cannot open, each at its field', () => {
    const diagnostics = validateFlow({
      schemaVersion: 1,
      settings: {
        name: 'Office hours',
        timezone: 'Mars/Olympus',
        sendWindow: { days: [], from: '9:00', to: '08:00' },
      },
      nodes: [],
      edges: [],
    });
    expect(diagnostics.filter((d) => d.code === 'invalid_document').map((d) => [d.path, d.message])).toEqual([
      [['settings', 'timezone'], 'Enter an IANA time zone, e.g. Europe/Paris or America/New_York'],
      [['settings', 'sendWindow', 'days'], 'Choose at least one day'],
      [['settings', 'sendWindow', 'from'], 'Enter a time as HH:MM, e.g. 09:30'],
      [['settings', 'sendWindow', 'to'], 'The window must end after it starts, on the same day'],
    ]);
  });

  it('knows zones by their IANA names', () => {
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Paris')).toBe(false);
  });

  it('says days and windows as people write them', () => {
    expect(describeDays(['mon', 'tue', 'wed', 'thu', 'fri'])).toBe('Mon–Fri');
    expect(describeDays(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'])).toBe('every day');
    expect(describeDays(['mon', 'wed'])).toBe('Mon, Wed');
    expect(describeWindow({ days: ['sat', 'sun'], from: '10:00', to: '12:30' })).toBe('Sat, Sun 10:00–12:30');
  });
});
