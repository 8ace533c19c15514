import { describe, expect, it } from 'vitest';
import { summaryRows } from './jsonSummary.js';

describe('JSON as key: value rows', () => {
  it('flattens nested objects into dotted keys and joins lists of plain values', () => {
    const payload = {
      contact: { email: 'ann@example.com' },
      properties: { url: 'https://example.com/pricing', tags: ['a', 'b'], amount: 12.5, paid: true },
      note: null,
    };
    expect(summaryRows(payload)).toEqual([
      ['contact.email', 'ann@example.com'],
      ['properties.url', 'https://example.com/pricing'],
      ['properties.tags', 'a, b'],
      ['properties.amount', '12.5'],
      ['properties.paid', 'true'],
      ['note', 'none'],
    ]);
  });

  it('numbers the entries of a list of objects from 1, and says when something is empty', () => {
    expect(summaryRows({ items: [{ sku: 'x' }, { sku: 'y' }], extra: {}, list: [] })).toEqual([
      ['items.1.sku', 'x'],
      ['items.2.sku', 'y'],
      ['extra', 'none'],
      ['list', 'none'],
    ]);
    expect(summaryRows({})).toEqual([]);
    expect(summaryRows('plain text')).toEqual([['value', 'plain text']]);
  });
});
