import { describe, expect, it } from 'vitest';
import { compareValue, readPath, readScore, writeOwn } from './values.js';

describe('compareValue', () => {
  it('eq and neq are strict: "10" is not 10', () => {
    expect(compareValue('pro', 'eq', 'pro')).toBe(true);
    expect(compareValue(10, 'eq', '10')).toBe(false);
    expect(compareValue(10, 'neq', '10')).toBe(true);
    expect(compareValue('pro', 'neq', 'pro')).toBe(false);
  });

  it('treats a missing value as different from anything', () => {
    expect(compareValue(undefined, 'eq', 'pro')).toBe(false);
    expect(compareValue(undefined, 'neq', 'pro')).toBe(true);
  });

  it('contains searches strings and arrays', () => {
    expect(compareValue('https://x.io/pricing', 'contains', 'pricing')).toBe(true);
    expect(compareValue('https://x.io/blog', 'contains', 'pricing')).toBe(false);
    expect(compareValue(['a', 'b', 3], 'contains', 3)).toBe(true);
    expect(compareValue(['a', 'b'], 'contains', 'c')).toBe(false);
    expect(compareValue(123, 'contains', '2')).toBe(false);
    expect(compareValue('123', 'contains', 2)).toBe(false);
  });

  it('orders numbers only; any other type is false', () => {
    expect(compareValue(5, 'gt', 4)).toBe(true);
    expect(compareValue(4, 'gt', 4)).toBe(false);
    expect(compareValue(4, 'gte', 4)).toBe(true);
    expect(compareValue(3, 'lt', 4)).toBe(true);
    expect(compareValue(4, 'lte', 4)).toBe(true);
    expect(compareValue('5', 'gt', 4)).toBe(false);
    expect(compareValue(5, 'gt', '4')).toBe(false);
    expect(compareValue(null, 'lt', 4)).toBe(false);
    expect(compareValue({}, 'lte', 4)).toBe(false);
  });

  it('exists is false for null and undefined only', () => {
    expect(compareValue(0, 'exists', undefined)).toBe(true);
    expect(compareValue('', 'exists', undefined)).toBe(true);
    expect(compareValue(null, 'exists', undefined)).toBe(false);
    expect(compareValue(undefined, 'exists', undefined)).toBe(false);
  });
});

describe('readPath', () => {
  it('reads flat keys, dotted paths, and prefers an exact key', () => {
    const props = { utm: { source: 'newsletter' }, 'utm.medium': 'email', items: ['x', 'y'] };
    expect(readPath(props, 'utm.source')).toBe('newsletter');
    expect(readPath(props, 'utm.medium')).toBe('email');
    expect(readPath(props, 'items.1')).toBe('y');
    expect(readPath(props, 'utm.source.length')).toBeUndefined();
    expect(readPath(props, 'nope.deeper')).toBeUndefined();
  });

  it('never reads inherited properties', () => {
    expect(readPath({}, 'constructor')).toBeUndefined();
    expect(readPath({ a: {} }, 'a.toString')).toBeUndefined();
    expect(readPath({}, '__proto__')).toBeUndefined();
  });
});

describe('scores and own properties', () => {
  it('counts missing, inherited and corrupt scores as 0', () => {
    expect(readScore({}, 'SCORE')).toBe(0);
    expect(readScore({}, 'constructor')).toBe(0);
    expect(readScore({ SCORE: Number.NaN }, 'SCORE')).toBe(0);
    expect(readScore({ SCORE: 7 }, 'SCORE')).toBe(7);
  });

  it('writes "__proto__" as a plain key without changing the prototype', () => {
    const scores: Record<string, number> = {};
    writeOwn(scores, '__proto__', 5);
    expect(Object.getPrototypeOf(scores)).toBe(Object.prototype);
    expect(readScore(scores, '__proto__')).toBe(5);
    expect(JSON.parse(JSON.stringify(scores))).toEqual(JSON.parse('{"__proto__":5}'));
  });
});
