import { z } from 'zod';
import { request } from './client.js';

const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const;

/** `GET /api/health/overview`: what the health page shows, computed by the server at each call. */
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

export const healthApi = {
  overview: () => request('GET', '/api/health/overview', HealthOverview),
};
