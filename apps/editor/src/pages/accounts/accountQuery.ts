import { DEFAULT_SCORE } from '@scoreflow/flow';

/** Rows per page of the accounts table. */
export const ACCOUNTS_PAGE_SIZE = 50;

export type AccountListQuery = { score: string; q: string; offset: number };

/** Reads the list state from the address bar (bookmarkable); missing or bad values fall back to the default. */
export function parseAccountQuery(search: string): AccountListQuery {
  const p = new URLSearchParams(search);
  const offset = Number(p.get('offset'));
  return {
    score: p.get('score')?.trim() || DEFAULT_SCORE,
    q: p.get('q')?.trim() ?? '',
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
  };
}

/** The address-bar form of a list state; defaults are left out so URLs stay short. */
export function formatAccountQuery(q: AccountListQuery): string {
  const p = new URLSearchParams();
  if (q.score !== DEFAULT_SCORE) p.set('score', q.score);
  if (q.q.trim()) p.set('q', q.q.trim());
  if (q.offset) p.set('offset', String(q.offset));
  return p.toString();
}

/** The address of an account's page, with the score it is looked at by unless that is the default. */
export function accountHref(key: string, score: string = DEFAULT_SCORE): string {
  const path = `/accounts/${encodeURIComponent(key)}`;
  return score === DEFAULT_SCORE ? path : `${path}?${new URLSearchParams({ score })}`;
}

/**
 * The account key from its address. The router has already decoded the path once with decodeURI,
 * which leaves reserved characters encoded; a key holding a bare "%" can no longer be decoded, and is
 * then taken as it stands rather than failing the page.
 */
export function accountKeyOf(param: string): string {
  try {
    return decodeURIComponent(param);
  } catch {
    return param;
  }
}
