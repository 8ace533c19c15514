import type { Operation } from '../routes/openapiSchemas.js';

/** The metrics route, for the OpenAPI document (spread into OPERATIONS). */
export const METRICS_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/metrics',
    tag: 'Health',
    summary: 'Prometheus metrics of this process (an admin, or the METRICS_TOKEN as Bearer)',
    responses: { '200': { description: 'Prometheus text format', type: 'text/plain' } },
  },
];
