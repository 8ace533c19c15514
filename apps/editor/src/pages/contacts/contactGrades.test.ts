import { describe, expect, it } from 'vitest';
import { accountHref, gradeLines } from './contactGrades.js';

describe('contact grades in the list', () => {
  it('shows the grade alone for one model, and names the models when there are several', () => {
    expect(gradeLines([])).toEqual([]);
    expect(gradeLines([{ model: 'Lead model', grade: 'B2' }])).toEqual([{ model: null, grade: 'B2' }]);
    expect(
      gradeLines([
        { model: 'Lead model', grade: 'B2' },
        { model: 'Partners', grade: 'C3' },
      ]),
    ).toEqual([
      { model: 'Lead model', grade: 'B2' },
      { model: 'Partners', grade: 'C3' },
    ]);
  });

  it('links an account by its key, encoded', () => {
    expect(accountHref({ key: 'acme & co/eu' })).toBe('/accounts/acme%20%26%20co%2Feu');
  });
});
