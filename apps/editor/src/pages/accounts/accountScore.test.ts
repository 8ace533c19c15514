import { describe, expect, it } from 'vitest';
import { formatPoints, formatShare, howComputed } from './accountScore.js';

describe('account score in words', () => {
  it('says how the score comes from the contacts, one contact included', () => {
    expect(howComputed('sum', 3, 'SCORE')).toBe("Sum of its 3 contacts' SCORE");
    expect(howComputed('max', 2, 'intent')).toBe("Highest of its 2 contacts' intent");
    expect(howComputed('average', 1, 'SCORE')).toBe("Average of its 1 contact's SCORE");
  });

  it('shows at most two decimals, as an average of three contacts needs', () => {
    expect(formatPoints(100 / 3)).toBe('33.33');
    expect(formatPoints(30)).toBe('30');
    expect(formatPoints(-2.5)).toBe('-2.5');
  });
});

describe('a member’s share of the account’s score', () => {
  it('is its contribution over the account score, whole or to one decimal', () => {
    expect(formatShare(30, 120)).toBe('25 %');
    expect(formatShare(10, 30)).toBe('33.3 %');
    expect(formatShare(0, 90)).toBe('0 %');
    expect(formatShare(90, 90)).toBe('100 %');
  });

  it('averages: each member’s value over the contact count against the average', () => {
    // Values 10, 20 and 30: the average is 20 and the first member adds 10 / 3 of it.
    expect(formatShare(10 / 3, 20)).toBe('16.7 %');
  });

  it('has no share when the account’s score is 0', () => {
    expect(formatShare(0, 0)).toBeNull();
    expect(formatShare(5, 0)).toBeNull();
  });
});
