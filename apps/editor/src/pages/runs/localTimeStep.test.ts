import { describe, expect, it } from 'vitest';
import { localTimeSentence } from './localTimeStep.js';

const monday = 'Mon 2026-03-30 09:00 Europe/Paris';

describe('a step on the contact clock', () => {
  it('says which window held a send and when it goes', () => {
    const output = { outsideWindow: 'Mon–Fri 09:00–17:00 Europe/Paris', waitsUntil: monday, dueAt: 1 };
    expect(localTimeSentence(output)).toBe(
      `Outside the send window Mon–Fri 09:00–17:00 Europe/Paris — waits until ${monday}`,
    );
  });

  it('says until when a wait until a day and time or a date holds the contact', () => {
    expect(localTimeSentence({ dueAt: 1, until: monday })).toBe(`Waits until ${monday}`);
    expect(localTimeSentence({ attribute: 'renewal_date', dueAt: 1, until: monday })).toBe(
      `Waits until ${monday}`,
    );
  });

  it('says why a date wait went on at once', () => {
    expect(
      localTimeSentence({ attribute: 'renewal_date', value: null, wentOn: 'the attribute holds no date' }),
    ).toBe('Went on at once: the attribute holds no date (renewal_date)');
    expect(
      localTimeSentence({ attribute: 'renewal_date', dueAt: 1, until: monday, wentOn: 'the date is past' }),
    ).toBe(`Went on at once: the date is past (${monday})`);
  });

  it('is nothing for other steps', () => {
    expect(localTimeSentence({ template: 'promo' })).toBeNull();
    expect(localTimeSentence({ seconds: 60, dueAt: 1 })).toBeNull();
    expect(localTimeSentence(null)).toBeNull();
  });
});
