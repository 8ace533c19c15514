import { describe, expect, it } from 'vitest';
import { describeStep, needsClamp } from './summary.js';

describe('step summary', () => {
  it('clamps only a summary that can run past two lines', () => {
    const short = describeStep('action.adjustScore', { score: 'SCORE', delta: 1 }).summary;
    expect(short).toBe('+1 to SCORE');
    expect(needsClamp(short)).toBe(false);
    expect(needsClamp('W'.repeat(20))).toBe(false);
    const long = describeStep('action.adjustScore', {
      score: 'SCORE',
      delta: 5,
      limit: 20,
      limitDays: 7,
    }).summary;
    expect(needsClamp(long)).toBe(true);
  });
});
