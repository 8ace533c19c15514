import { describe, expect, it } from 'vitest';
import { formatPoints, formatRate, formatShare } from './rates.js';

describe('rates for people', () => {
  it('shows a conversion rate as a percentage with one decimal, and a dash when there is none', () => {
    expect(formatRate(1 / 12)).toBe('8.3%');
    expect(formatRate(0)).toBe('0.0%');
    expect(formatRate(1)).toBe('100.0%');
    expect(formatRate(null)).toBe('—');
  });

  it('signs an uplift in points, and calls a difference that rounds to nothing zero', () => {
    expect(formatPoints(2.5)).toBe('+2.5 pts');
    expect(formatPoints(-1)).toBe('−1.0 pts');
    expect(formatPoints(-0.04)).toBe('0.0 pts');
    expect(formatPoints(0)).toBe('0.0 pts');
    expect(formatPoints(null)).toBe('—');
  });

  it('shows a share as it was configured, without binary fractions', () => {
    expect(formatShare(45)).toBe('45%');
    expect(formatShare(33.3)).toBe('33.3%');
    expect(formatShare(100 / 3)).toBe('33.33%');
    expect(formatShare(null)).toBe('—');
  });
});
