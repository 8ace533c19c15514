import { rmSync } from 'node:fs';
import { Redis } from 'ioredis';

/**
 * Removes this run's Redis keys (queues, job schedulers) once every spec is done: the server is
 * stopped by Playwright without a chance to clean up after itself.
 */
export default async function globalTeardown(): Promise<void> {
  // The global setup's saved session cookie.
  if (process.env.E2E_STORAGE_STATE) rmSync(process.env.E2E_STORAGE_STATE, { force: true });
  const prefix = process.env.E2E_QUEUE_PREFIX;
  if (!prefix) return;
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
  });
  try {
    await redis.connect();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}
