import { describe, expect, it } from 'vitest';
import { formatRunQuery, fromLocalInput, parseRunQuery, toggleSort, toLocalInput } from './runQuery.js';

describe('runs list state in the URL', () => {
  it('round-trips every filter, the sort and the page', () => {
    const q = {
      flowId: 'f1',
      flowVersion: 3,
      status: 'failed' as const,
      contactId: 'c 1',
      from: '2025-01-02T03:04:00.000Z',
      to: '2025-02-01T00:00:00.000Z',
      sort: 'endedAt' as const,
      order: 'asc' as const,
      offset: 50,
    };
    expect(parseRunQuery(`?${formatRunQuery(q)}`)).toEqual(q);
  });

  it('drops malformed values instead of sending them to the server', () => {
    const q = parseRunQuery('?status=exploded&flowVersion=-1&from=yesterday&sort=name&offset=abc&order=up');
    expect(q).toEqual({ sort: 'startedAt', order: 'desc', offset: 0 });
  });

  it('keeps default sort and first page out of the URL', () => {
    expect(formatRunQuery({ sort: 'startedAt', order: 'desc', offset: 0, flowId: 'x' })).toBe('flowId=x');
  });

  it('sorts a new column descending and flips the same column, back to the first page', () => {
    const byStart = { sort: 'startedAt' as const, order: 'desc' as const, offset: 75 };
    expect(toggleSort(byStart, 'startedAt')).toMatchObject({ order: 'asc', offset: 0 });
    expect(toggleSort({ ...byStart, order: 'asc' }, 'startedAt')).toMatchObject({ order: 'desc' });
    expect(toggleSort({ ...byStart, order: 'asc' }, 'status')).toMatchObject({
      sort: 'status',
      order: 'desc',
    });
  });

  it('converts date inputs in local time to ISO and back', () => {
    const iso = fromLocalInput('2025-03-04T05:06');
    expect(iso).toBeDefined();
    expect(toLocalInput(iso)).toBe('2025-03-04T05:06');
    expect(fromLocalInput('')).toBeUndefined();
  });
});
