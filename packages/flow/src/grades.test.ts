import { describe, expect, it } from 'vitest';
import { DEFAULT_GRADING, Grading, gradeOf, gradeWithin } from './grades.js';
import { aggregateAccountScore } from './scores.js';
import { ScoringModel } from './scoringModel.js';

describe('gradeOf', () => {
  it('gives the fit letter and the engagement digit from where each grade starts', () => {
    expect(gradeOf(70, 60, DEFAULT_GRADING)).toBe('A2');
    expect(gradeOf(60, 81, DEFAULT_GRADING)).toBe('A1');
    expect(gradeOf(59.5, 80, DEFAULT_GRADING)).toBe('B2');
    expect(gradeOf(20, 20, DEFAULT_GRADING)).toBe('C3');
    expect(gradeOf(-10, 0, DEFAULT_GRADING)).toBe('D4');
  });

  it('is within a choice of letters and digits; an empty or absent choice takes any', () => {
    expect(gradeWithin('B2', { fit: ['A', 'B'], engagement: ['1', '2'] })).toBe(true);
    expect(gradeWithin('C2', { fit: ['A', 'B'], engagement: ['1', '2'] })).toBe(false);
    expect(gradeWithin('B3', { fit: ['A', 'B'], engagement: ['1', '2'] })).toBe(false);
    expect(gradeWithin('D4', {})).toBe(true);
    expect(gradeWithin('A4', { fit: ['A'] })).toBe(true);
  });
});

describe('grading and fit rules in a model', () => {
  it('refuses thresholds that do not go down, pointing at the field', () => {
    const result = Grading.safeParse({
      fit: { A: 60, B: 60, C: 20 },
      engagement: { '1': 10, '2': 50, '3': 20 },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('/'), i.message])).toEqual([
      ['fit/B', 'B must start below A'],
      ['engagement/2', '2 must start below 1'],
    ]);
  });

  it('refuses a rule without a value, worth 0, a rule id twice and a fit score that is the engagement score', () => {
    const result = ScoringModel.safeParse({
      name: 'Lead model',
      fitScore: 'SCORE',
      fitRules: [
        { id: 'vp', attribute: 'jobTitle', op: 'contains', points: 10 },
        { id: 'vp', attribute: 'size', op: 'gte', value: 10, points: 0 },
      ],
    });
    expect(result.error?.issues.map((i) => i.path.join('/')).sort()).toEqual([
      'fitRules/0/value',
      'fitRules/1/id',
      'fitRules/1/points',
      'fitScore',
    ]);
  });

  it('keeps models stored before fit rules valid, with no rules and no grades', () => {
    expect(ScoringModel.parse({ name: 'Old', rows: [] })).toMatchObject({
      fitScore: 'FIT',
      fitRules: [],
      grading: null,
    });
  });
});

describe('aggregateAccountScore', () => {
  it('adds up, takes the highest or averages the contacts’ values', () => {
    expect(aggregateAccountScore([40, 30, 20], 'sum')).toBe(90);
    expect(aggregateAccountScore([40, 30, 20], 'max')).toBe(40);
    expect(aggregateAccountScore([10, 10, 11], 'average')).toBe(10.33);
    expect(aggregateAccountScore([], 'max')).toBe(0);
  });
});
