import { CONTACT_SORTS, type ContactSort } from '@scoreflow/api';

/** Rows per page of the contacts table. */
export const CONTACTS_PAGE_SIZE = 50;

export type ContactListQuery = { sort: ContactSort; order: 'asc' | 'desc'; offset: number };

const isSort = (s: string | null): s is ContactSort => CONTACT_SORTS.includes(s as ContactSort);

/** The order a column sorts in when first chosen: text A to Z, numbers and times highest first. */
const firstOrder = (sort: ContactSort): 'asc' | 'desc' => (sort === 'email' ? 'asc' : 'desc');

/** Reads the list state from the address bar (bookmarkable); unknown values fall back to the default. */
export function parseContactQuery(search: string): ContactListQuery {
  const p = new URLSearchParams(search);
  const sort = p.get('sort');
  const order = p.get('order');
  const offset = Number(p.get('offset'));
  return {
    sort: isSort(sort) ? sort : 'created',
    order: order === 'asc' || order === 'desc' ? order : isSort(sort) ? firstOrder(sort) : 'desc',
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
  };
}

/** The address-bar form of a list state; defaults are left out so URLs stay short. */
export function formatContactQuery(q: ContactListQuery): string {
  const p = new URLSearchParams();
  if (q.sort !== 'created') p.set('sort', q.sort);
  if (q.order !== firstOrder(q.sort)) p.set('order', q.order);
  if (q.offset) p.set('offset', String(q.offset));
  return p.toString();
}

/** Clicking a column: the other direction if it is the current one, else its natural direction. */
export function toggleContactSort(q: ContactListQuery, sort: ContactSort): ContactListQuery {
  if (q.sort === sort) return { sort, order: q.order === 'asc' ? 'desc' : 'asc', offset: 0 };
  return { sort, order: firstOrder(sort), offset: 0 };
}
