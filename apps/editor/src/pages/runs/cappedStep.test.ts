import { describe, expect, it } from 'vitest';
import { cappedSentence, cappedStep, readableStepOutput } from './cappedStep.js';

const reason = '3 emails in the last 24 hours (cap: 3 per 24 hours)';
const rule = { max: 3, windowHours: 24 };

describe('a step a frequency cap held back', () => {
  it('says the cap and that the email was skipped', () => {
    const step = cappedStep({ template: 'promo', capped: reason, rule, skipped: 'frequency cap' });
    expect(step).toEqual({ reason, outcome: 'skipped' });
    expect(step && cappedSentence(step)).toBe(`Held back by a frequency cap: ${reason} — skipped`);
  });

  it('says until when a postponed email waits', () => {
    const step = cappedStep({ template: 'promo', capped: reason, rule, postponedUntil: 1_800_000_000_000 });
    expect(step).toEqual({ reason, outcome: 'postponed', until: 1_800_000_000_000 });
    expect(step && cappedSentence(step, (ms) => `<${ms}>`)).toBe(
      `Held back by a frequency cap: ${reason} — postponed until <1800000000000>`,
    );
  });

  it('is nothing for a sent email or an unsubscribed contact', () => {
    expect(cappedStep({ template: 'promo' })).toBeNull();
    expect(cappedStep({ template: 'promo', skipped: 'unsubscribed' })).toBeNull();
    expect(cappedStep(null)).toBeNull();
  });

  it('shows the postponement as a date in the readable rows, keeping the rest', () => {
    const output = { template: 'promo', capped: reason, postponedUntil: 0 };
    expect(readableStepOutput(output)).toEqual({ ...output, postponedUntil: new Date(0).toLocaleString() });
    expect(readableStepOutput({ template: 'promo' })).toEqual({ template: 'promo' });
    expect(readableStepOutput({ seconds: 60, dueAt: 0 })).toEqual({
      seconds: 60,
      dueAt: new Date(0).toLocaleString(),
    });
  });
});
