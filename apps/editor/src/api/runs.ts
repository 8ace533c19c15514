import { API, type RunFilter, type RunQuery } from '@scoreflow/api';
import { call } from './client.js';

/** Typed access to the run history API; every answer is parsed. */
export const runsApi = {
  list: (query: RunQuery) => call(API.runs.list, { query }),
  get: (id: string) => call(API.runs.get, { params: { id } }),
  retry: (id: string) => call(API.runs.retry, { params: { id } }),
  restart: (id: string) => call(API.runs.restart, { params: { id } }),
  cancel: (id: string) => call(API.runs.cancel, { params: { id } }),
  fastForward: (id: string) => call(API.runs.fastForward, { params: { id } }),
  /** Retries every failed run matching the filter, on every page (the server collects them). */
  retryMatching: ({ status: _status, ...filter }: RunFilter) =>
    call(API.runs.retryMatching, { body: filter }),
  stats: (id: string) => call(API.runs.stats, { params: { id } }),
};
