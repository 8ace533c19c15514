import { RUN_SORTS, RUN_STATUSES, type RunQuery, type RunSort, type RunStatus } from '@scoreflow/api';

/** Rows per page of the runs table. */
export const PAGE_SIZE = 25;

const isStatus = (s: string | null): s is RunStatus => RUN_STATUSES.includes(s as RunStatus);
const isSort = (s: string | null): s is RunSort => RUN_SORTS.includes(s as RunSort);

/** A runs query whose sort, order and offset are always set. */
export type ParsedRunQuery = RunQuery & { sort: RunSort; order: 'asc' | 'desc'; offset: number };

/**
 * Reads the runs list state from the address bar, so a filtered view can be bookmarked or sent to a
 * colleague. Unknown or malformed values are dropped rather than sent to the server.
 */
export function parseRunQuery(search: string): ParsedRunQuery {
  const p = new URLSearchParams(search);
  const q: ParsedRunQuery = {
    sort: 'startedAt',
    order: 'desc',
    offset: 0,
  };
  const text = (k: string) => {
    const v = p.get(k)?.trim();
    return v ? v : undefined;
  };
  const flowId = text('flowId');
  if (flowId) q.flowId = flowId;
  const contactId = text('contactId');
  if (contactId) q.contactId = contactId;
  const contactEmail = text('contactEmail');
  if (contactEmail) q.contactEmail = contactEmail;
  const version = Number(text('flowVersion'));
  if (Number.isInteger(version) && version > 0) q.flowVersion = version;
  const status = p.get('status');
  if (isStatus(status)) q.status = status;
  for (const k of ['from', 'to'] as const) {
    const v = text(k);
    if (v && !Number.isNaN(Date.parse(v))) q[k] = new Date(v).toISOString();
  }
  const sort = p.get('sort');
  if (isSort(sort)) q.sort = sort;
  if (p.get('order') === 'asc') q.order = 'asc';
  const offset = Number(p.get('offset'));
  if (Number.isInteger(offset) && offset > 0) q.offset = offset;
  return q;
}

/** The address-bar form of a runs list state; defaults are left out so URLs stay short. */
export function formatRunQuery(q: RunQuery): string {
  const p = new URLSearchParams();
  if (q.flowId) p.set('flowId', q.flowId);
  if (q.flowVersion !== undefined) p.set('flowVersion', String(q.flowVersion));
  if (q.status) p.set('status', q.status);
  if (q.contactId) p.set('contactId', q.contactId);
  if (q.contactEmail) p.set('contactEmail', q.contactEmail);
  if (q.from) p.set('from', q.from);
  if (q.to) p.set('to', q.to);
  if (q.sort && q.sort !== 'startedAt') p.set('sort', q.sort);
  if (q.order === 'asc') p.set('order', 'asc');
  if (q.offset) p.set('offset', String(q.offset));
  return p.toString();
}

/** Clicking a column header: a new column sorts descending, the same column flips its order. */
export function toggleSort(q: RunQuery, sort: RunSort): RunQuery {
  const same = (q.sort ?? 'startedAt') === sort;
  const order = same && (q.order ?? 'desc') === 'desc' ? 'asc' : 'desc';
  return { ...q, sort, order, offset: 0 };
}

/** A local `datetime-local` input value for an ISO time, and back; empty means no bound. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}
