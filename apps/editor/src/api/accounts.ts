import { API } from '@scoreflow/api';
import { call } from './client.js';

/** Typed access to the accounts API: contacts grouped by company, scored by one named score. */
export const accountsApi = {
  /** A page of accounts under `score`, highest first, optionally those whose name or key holds `q`. */
  list: (query: { score: string; q?: string | undefined; limit: number; offset: number }) =>
    call(API.accounts.list, { query }),
  /** One account with its contacts, each with what it adds to the account's `score`. */
  get: (key: string, score: string) => call(API.accounts.get, { params: { key }, query: { score } }),
};
