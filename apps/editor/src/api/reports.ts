import { API } from '@scoreflow/api';
import { call } from './client.js';

/** Typed access to the reports API; every answer is parsed. */
export const reportsApi = {
  /** A flow's entries and goal conversion per version, and each A/B test's branches. */
  flow: (id: string) => call(API.reports.flow, { params: { id } }),
  /** Only the A/B tests' branches, for the live canvas. */
  tests: (id: string) => call(API.reports.flow, { params: { id }, query: { parts: 'tests' } }),
};
