import { type JobsOptions, Queue } from 'bullmq';
import { bullConnection, queuePrefix } from './redisAddress.js';

/**
 * The runtime's queues. One job per incoming event (the synchronous part of every matching flow runs
 * inside that job); waits and deliveries are the only work that goes back to Redis.
 */
export const QUEUE_NAMES = {
  events: 'events',
  waits: 'waits',
  deliveries: 'deliveries',
  maintenance: 'maintenance',
} as const;

export interface EventJob {
  eventId: string;
}
export interface WaitJob {
  waitId: string;
}
export interface DeliveryJob {
  outboxId: string;
}
export type MaintenanceJob = { kind: 'reconcile' } | { kind: 'sweep' } | { kind: 'retention' };

export interface QueueConnectionOptions {
  /** Redis address (one server or a cluster, see redisAddress.ts). */
  url: string;
  /** BullMQ key prefix, so several installations (or test runs) can share one Redis; a hash tag on a cluster. */
  prefix: string;
}

/** Event ids are user-supplied; BullMQ job ids may not contain ':' nor be all digits, so they get a prefix. */
export const eventJobId = (eventId: string) => `evt-${eventId}`;

const retried: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  // Completed jobs are not needed for dedupe (the database's unique event id is), so keep only a few for debugging.
  removeOnComplete: { count: 1_000 },
  removeOnFail: { count: 10_000 },
};

export function createQueues(options: QueueConnectionOptions) {
  const { connection, close } = bullConnection(options.url);
  const prefix = queuePrefix(options.url, options.prefix);
  const make = <T>(name: string) => new Queue<T>(name, { connection, prefix, defaultJobOptions: retried });
  const queues = {
    events: make<EventJob>(QUEUE_NAMES.events),
    waits: make<WaitJob>(QUEUE_NAMES.waits),
    deliveries: make<DeliveryJob>(QUEUE_NAMES.deliveries),
    maintenance: make<MaintenanceJob>(QUEUE_NAMES.maintenance),
  };
  return {
    ...queues,
    async close() {
      await Promise.all(Object.values(queues).map((q) => q.close()));
      await close();
    },
  };
}

export type Queues = ReturnType<typeof createQueues>;
