import type { Queues } from '@scoreflow/runtime';

/** The job states worth watching; completed jobs are trimmed by BullMQ, so their count means nothing. */
export const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export const QUEUE_KEYS = ['events', 'waits', 'deliveries', 'maintenance'] as const;
export type QueueKey = (typeof QUEUE_KEYS)[number];

export interface QueueStats {
  queue: QueueKey;
  counts: Record<JobState, number>;
  /** When the oldest job that is ready to run but not yet taken was added (epoch ms), or null. */
  oldestWaitingAt: number | null;
}

/** Rejects when `promise` has not settled within `ms`, so a scrape never hangs on a slow dependency. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Counts per state and the oldest waiting job of every queue, read from Redis. */
export async function readQueueStats(queues: Queues, timeoutMs: number): Promise<QueueStats[]> {
  const one = async (queue: QueueKey): Promise<QueueStats> => {
    const q = queues[queue];
    // Waiting jobs are listed oldest first with asc = true: the first is the one waiting longest.
    const [counts, oldest] = await Promise.all([
      q.getJobCounts(...JOB_STATES),
      q.getJobs(['wait'], 0, 0, true),
    ]);
    const byState = Object.fromEntries(JOB_STATES.map((s) => [s, counts[s] ?? 0])) as Record<
      JobState,
      number
    >;
    const first = oldest[0];
    return { queue, counts: byState, oldestWaitingAt: first ? first.timestamp : null };
  };
  return withTimeout(Promise.all(QUEUE_KEYS.map(one)), timeoutMs, 'Redis');
}
