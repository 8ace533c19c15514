import { describe, expect, it } from 'vitest';
import { formatContactQuery, parseContactQuery, toggleContactSort } from './contactQuery.js';

describe('contacts list state in the URL', () => {
  it('round-trips the sort, its direction and the page, leaving defaults out', () => {
    const q = { sort: 'engagement' as const, order: 'asc' as const, offset: 100 };
    expect(parseContactQuery(`?${formatContactQuery(q)}`)).toEqual(q);
    expect(formatContactQuery({ sort: 'created', order: 'desc', offset: 0 })).toBe('');
    expect(formatContactQuery({ sort: 'score', order: 'desc', offset: 0 })).toBe('sort=score');
  });

  it('falls back to the default for a sort key outside the whitelist instead of sending it', () => {
    expect(parseContactQuery('?sort=email%3B%20DROP&order=up&offset=-5')).toEqual({
      sort: 'created',
      order: 'desc',
      offset: 0,
    });
  });

  it('a new column sorts its natural way first, the same column flips, and either goes to page one', () => {
    const start = { sort: 'created' as const, order: 'desc' as const, offset: 50 };
    expect(toggleContactSort(start, 'email')).toEqual({ sort: 'email', order: 'asc', offset: 0 });
    expect(toggleContactSort(start, 'score')).toEqual({ sort: 'score', order: 'desc', offset: 0 });
    expect(toggleContactSort({ sort: 'score', order: 'desc', offset: 50 }, 'score')).toEqual({
      sort: 'score',
      order: 'asc',
      offset: 0,
    });
  });
});
