import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bullConnection, queuePrefix } from '@scoreflow/runtime';
import { startRedisCluster } from '@scoreflow/runtime/testing';
import { Queue } from 'bullmq';
import { createCaseDatabase, openReader } from './database.mjs';
import { createHosts } from './netns.mjs';
import { startRedis } from './redis.mjs';
import { startProcess } from './server.mjs';

/**
 * Everything one case owns: a temp data dir, its database (a SQLite file there, or with
 * `store: 'postgres'` a schema of its own on the PostgreSQL server), a private redis-server (or a
 * private three-node Redis Cluster, `redis: 'cluster'`), the separate hosts it asked for (`hosts`, see
 * netns.mjs) and the product processes it started. `close` ends them all (SIGKILL:
 * a case has already checked what it wanted from them).
 */
export async function createContext({
  name,
  persistent = false,
  redis: kind = 'single',
  hosts: hostNames = [],
  store = 'sqlite',
}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), `scoreflow-fault-${name}-`));
  const database = await createCaseDatabase(store, dataDir);
  // Network-namespace hosts first: Redis and the database must be reachable from their gateways.
  const network = hostNames.length > 0 ? await createHosts(hostNames) : undefined;
  if (network && store === 'postgres') await database.listen(network.gateways);
  const redis =
    kind === 'cluster'
      ? await startRedisCluster(dataDir)
      : await startRedis({ dir: dataDir, persistent, bind: network?.gateways ?? [] });
  const prefix = `fault-${randomUUID().slice(0, 8)}`;
  const processes = [];
  return {
    dataDir,
    store,
    /** Where the product's database is (a file path or a postgres URL). */
    databaseLocation: database.location,
    /** A reader of the case's database, for polling and the invariants (see database.mjs). */
    openDb: () => openReader(database.location),
    redis,
    prefix,
    processes,
    /** Starts a product process; `host` runs it on that network-namespace host of the case. */
    async start(role, env = {}, host = undefined) {
      const on = host === undefined ? undefined : network?.hosts[host];
      if (host !== undefined && on === undefined) throw new Error(`no host "${host}" in this case`);
      const proc = await startProcess({
        role,
        dataDir,
        // A host reaches Redis at its gateway, and is reached at its own address.
        redisUrl: on === undefined ? redis.url : `redis://${on.gateway}:${redis.port}`,
        prefix,
        env:
          on === undefined
            ? { ...database.env, ...env }
            : { ...(store === 'postgres' ? database.envFor(on.gateway) : {}), HOST: on.address, ...env },
        netns: on?.ns,
      });
      processes.push(proc);
      return proc;
    },
    /** Takes a host off the network mid-case. */
    cut: (host) => network.cut(host),
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
      await network?.remove();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
