import { z } from 'zod';
import { ADMIN, ALL } from '../permissions.js';
import { html, ok, route } from '../route.js';

const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const;

/** What the health page shows, computed by the server at each request. */
export const HealthOverview = z.object({
  generatedAt: z.string(),
  events: z.object({
    perMinute: z.array(z.object({ minute: z.string(), received: z.number(), processed: z.number() })),
    pending: z.number(),
    oldestPendingAt: z.string().nullable(),
    lagSeconds: z.number(),
    recentLatencySeconds: z.number().nullable(),
    failedLastHour: z.number(),
  }),
  /** Null when Redis did not answer within a second. */
  queues: z
    .array(
      z.object({
        name: z.string(),
        counts: z.record(z.enum(JOB_STATES), z.number()),
        oldestWaitingSeconds: z.number().nullable(),
      }),
    )
    .nullable(),
  deliveries: z.array(
    z.object({
      kind: z.string(),
      pending: z.number(),
      retrying: z.number(),
      failedLastDay: z.number(),
      lastError: z
        .object({ message: z.string(), runId: z.string().nullable(), createdAt: z.string() })
        .nullable(),
    }),
  ),
  waits: z.object({ pending: z.number(), overdue: z.number() }),
  maintenance: z.array(
    z.object({ task: z.string(), lastFinishedAt: z.string().nullable(), lastFailure: z.string().nullable() }),
  ),
  dependencies: z.array(z.object({ name: z.string(), ok: z.boolean(), error: z.string().optional() })),
  disk: z
    .object({ path: z.string(), totalBytes: z.number(), freeBytes: z.number(), databaseBytes: z.number() })
    .nullable(),
});
export type HealthOverview = z.infer<typeof HealthOverview>;

export const SYSTEM = {
  healthz: route({
    method: 'get',
    path: '/healthz',
    permission: 'public',
    tag: 'Health',
    summary: 'The process is up',
    responses: ok('Up'),
  }),
  readyz: route({
    method: 'get',
    path: '/readyz',
    permission: 'public',
    tag: 'Health',
    summary: 'SQLite and Redis answer (503 otherwise)',
    responses: ok('Ready'),
  }),
  openapi: route({
    method: 'get',
    path: '/api/openapi.json',
    permission: 'public',
    tag: 'Reference',
    summary: 'This document',
    responses: ok('OpenAPI 3.1'),
  }),
  docs: route({
    method: 'get',
    path: '/api/docs',
    permission: 'public',
    tag: 'Reference',
    summary: 'The API reference page',
    responses: html('HTML'),
  }),
  metrics: route({
    method: 'get',
    path: '/metrics',
    permission: ADMIN,
    tag: 'Health',
    summary: 'Prometheus metrics of this process (an admin, or the METRICS_TOKEN as Bearer)',
    responses: { '200': { description: 'Prometheus text format', type: 'text/plain' } },
  }),
  healthOverview: route({
    method: 'get',
    path: '/api/health/overview',
    permission: ALL,
    tag: 'Health',
    summary:
      'Events per minute (last hour), processing lag, queues, failing deliveries, overdue waits, last maintenance, dependencies, disk',
    responses: ok('The overview', HealthOverview),
  }),
};
