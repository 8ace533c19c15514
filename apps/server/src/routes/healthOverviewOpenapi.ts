import { z } from 'zod';
import { type Operation, ok } from './openapiSchemas.js';

const Counts = z.record(z.string(), z.number().int());

const HealthOverview = z.looseObject({
  generatedAt: z.string(),
  events: z.looseObject({
    perMinute: z.array(z.object({ minute: z.string(), received: z.number(), processed: z.number() })),
    pending: z.number(),
    oldestPendingAt: z.string().nullable(),
    lagSeconds: z.number(),
    recentLatencySeconds: z.number().nullable(),
    failedLastHour: z.number(),
  }),
  queues: z
    .array(z.object({ name: z.string(), counts: Counts, oldestWaitingSeconds: z.number().nullable() }))
    .nullable()
    .describe('null when Redis did not answer within a second'),
  deliveries: z.array(
    z.looseObject({
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

/** The health page's route, for the OpenAPI document (spread into OPERATIONS). */
export const HEALTH_OVERVIEW_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/api/health/overview',
    tag: 'Health',
    summary:
      'Events per minute (last hour), processing lag, queues, failing deliveries, overdue waits, last maintenance, dependencies, disk',
    responses: ok('The overview', HealthOverview),
  },
];
