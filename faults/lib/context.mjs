import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bullConnection, queuePrefix } from '@scoreflow/runtime';
import { startRedisCluster } from '@scoreflow/runtime/testing';
import { Queue } from 'bullmq';
import { startRedis } from './redis.mjs';
import { startProcess } from './server.mjs';

/**
 * Everything one case owns: a temp data dir, a private redis-server (or a private three-node Redis
 * Cluster, `redis: 'cluster'`) and the product processes it started. `close` ends them all (SIGKILL:
 * a case has already checked what it wanted from them).
 */
export async function createContext({ name, persistent = false, redis: kind = 'single' }) {
  const dataDir = mkdtempSync(path.join(tmpdir(), `scoreflow-fault-${name}-`));
  const redis =
    kind === 'cluster' ? await startRedisCluster(dataDir) : await startRedis({ dir: dataDir, persistent });
  const prefix = `fault-${randomUUID().slice(0, 8)}`;
  const processes = [];
  return {
    dataDir,
    dbFile: path.join(dataDir, 'scoreflow.db'),
    redis,
    prefix,
    processes,
    async start(role, env = {}) {
      const proc = await startProcess({ role, dataDir, redisUrl: redis.url, prefix, env });
      processes.push(proc);
      return proc;
    },
    /** BullMQ job counts of the events queue, as the product names it. */
    async eventJobCounts() {
      const { connection, close } = bullConnection(redis.url);
      const queue = new Queue('events', { connection, prefix: queuePrefix(redis.url, prefix) });
      try {
        return await queue.getJobCounts('active', 'wait', 'delayed', 'failed');
      } finally {
        await queue.close();
        await close();
      }
    },
    /** SQLITE_BUSY lines any process of this case wrote. */
    busyCount: () => processes.reduce((n, p) => n + p.busyCount(), 0),
    async close() {
      await Promise.all(processes.map((p) => p.stop('SIGKILL')));
      await redis.stop('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
