import { API, type ContactSort, type ContactSummary } from '@scoreflow/api';
import { call } from './client.js';

/** Typed access to the contact API. */
export const contactsApi = {
  /** Exact match on email or external id; null when nobody has it. */
  async find(by: 'email' | 'externalId', value: string): Promise<ContactSummary | null> {
    const { items } = await call(API.contacts.list, { query: { [by]: value } });
    return items[0] ?? null;
  },
  /** A page of the contacts list, sorted by the server on a whitelisted column, with the total. */
  list: (query: { sort: ContactSort; order: 'asc' | 'desc'; limit: number; offset: number }) =>
    call(API.contacts.list, { query }),
  get: (id: string) => call(API.contacts.get, { params: { id } }),
  /** Merges contact `from` into `id`; `from` is removed and its id answers as `id` from then on. */
  merge: (id: string, from: string) => call(API.contacts.merge, { params: { id }, body: { from } }),
  ledger: async (id: string, opts: { score?: string; beforeId?: number; limit?: number } = {}) =>
    (await call(API.contacts.ledger, { params: { id }, query: { limit: 50, ...opts } })).items,
  events: async (id: string) =>
    (await call(API.contacts.events, { params: { id }, query: { limit: 50 } })).items,
  /** The contact's emails frequency caps held back (skipped or postponed), newest first. */
  heldBack: async (id: string) => (await call(API.contacts.heldBack, { params: { id } })).items,
  outbox: async (id: string) =>
    (await call(API.contacts.outbox, { query: { contactId: id, limit: 50 } })).items,
};
