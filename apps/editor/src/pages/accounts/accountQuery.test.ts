import { describe, expect, it } from 'vitest';
import { accountHref, accountKeyOf, formatAccountQuery, parseAccountQuery } from './accountQuery.js';

describe('accounts list state in the URL', () => {
  it('round-trips the score, the search and the page, leaving defaults out', () => {
    const q = { score: 'intent', q: 'acme', offset: 50 };
    expect(parseAccountQuery(`?${formatAccountQuery(q)}`)).toEqual(q);
    expect(formatAccountQuery({ score: 'SCORE', q: '', offset: 0 })).toBe('');
    expect(formatAccountQuery({ score: 'SCORE', q: '  acme corp ', offset: 0 })).toBe('q=acme+corp');
  });

  it('falls back to the defaults for a missing score or a bad page', () => {
    expect(parseAccountQuery('?score=&offset=-5')).toEqual({ score: 'SCORE', q: '', offset: 0 });
    expect(parseAccountQuery('?offset=1.5')).toEqual({ score: 'SCORE', q: '', offset: 0 });
  });
});

describe('account addresses', () => {
  it('encode the key and keep a score other than the default', () => {
    expect(accountHref('acme corp')).toBe('/accounts/acme%20corp');
    expect(accountHref('a/b', 'intent')).toBe('/accounts/a%2Fb?score=intent');
  });

  it('read the key back, even one whose "%" the router already decoded', () => {
    expect(accountKeyOf('a%2Fb')).toBe('a/b');
    expect(accountKeyOf('acme corp')).toBe('acme corp');
    expect(accountKeyOf('100%')).toBe('100%');
  });
});
