import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { Cluster, type Redis } from 'ioredis';
import { RuntimeError } from './errors.js';
import {
  type ClientOptions,
  clusterAddressText,
  parseRedisAddress,
  queuePrefix,
  redisClient,
} from './redisAddress.js';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export const INSTALL_REDIS_HINT =
  'Install Redis 7 or later (Debian/Ubuntu: "apt-get install redis-server"; macOS: "brew install redis") ' +
  'so that redis-server is on the PATH, or set REDIS_URL to a Redis you run.';

interface Log {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface RedisOptions {
  /** REDIS_URL: when set, this Redis is used and nothing else is tried. */
  redisUrl?: string | undefined;
  /** Where a spawned redis-server keeps its append-only file. */
  dataDir: string;
  logger?: Log;
  /** Where to look for an already running Redis when REDIS_URL is not set. */
  probeUrl?: string;
  /** The PATH searched for redis-server (tests narrow it). */
  searchPath?: string | undefined;
}

export interface RedisHandle {
  url: string;
  /** True when this process started redis-server and will stop it on `close()`. */
  spawned: boolean;
  /** A connection for commands; BullMQ makes its own from `url`. */
  client: Redis | Cluster;
  close(): Promise<void>;
}

/** A command connection to `url` (one server or a cluster; see redisAddress.ts). */
export function connectRedis(url: string, extra: ClientOptions = {}): Redis | Cluster {
  return redisClient(url, extra);
}

/**
 * Whether a Redis answers at `url` (null: nothing does). With `detectCluster`, the same connection
 * also tells whether a single address is one node of a cluster (a managed Redis Cluster hands out one
 * endpoint), so it can be used as the cluster's seed with nothing else to configure.
 */
async function answers(url: string, detectCluster = false): Promise<{ cluster: boolean } | null> {
  const probe = connectRedis(url, { lazyConnect: true, failFast: true });
  probe.on('error', () => {}); // a refused probe is an answer too: "nothing there"
  try {
    try {
      await probe.connect();
      if ((await probe.ping()) !== 'PONG') return null;
    } catch {
      return null;
    }
    const cluster = parseRedisAddress(url).cluster;
    if (!detectCluster || cluster) return { cluster };
    return { cluster: /^cluster_enabled:1/m.test(await probe.info('cluster')) };
  } finally {
    probe.disconnect();
  }
}

/**
 * BullMQ keeps jobs as Redis keys: a Redis that evicts keys under memory pressure silently loses
 * queued work, so any policy other than noeviction is refused at start-up.
 */
export async function assertNoEviction(client: Redis | Cluster, url: string): Promise<void> {
  // On a cluster every primary holds queued jobs: each must refuse to evict.
  const servers = client instanceof Cluster ? client.nodes('master') : [client];
  for (const server of servers) {
    const info = await server.info('memory');
    const policy = /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
    if (policy === undefined || policy === 'noeviction') continue;
    throw new RuntimeError(
      'redis_eviction_policy',
      `Redis at ${url} has maxmemory-policy "${policy}"; Scoreflow needs "noeviction" so queued jobs are never ` +
        'evicted. Set it with "CONFIG SET maxmemory-policy noeviction" (and in redis.conf).',
    );
  }
}

/**
 * Deletes the keys of one installation (`prefix` as given to the queues) and returns how many went.
 * A cluster's keys are spread over its primaries, so each is scanned for its own; there the prefix is a
 * hash tag (see queuePrefix), so the keys a scan returns share one slot and one DEL serves them.
 */
export async function deleteInstallationKeys(client: Redis | Cluster, url: string, prefix: string) {
  const pattern = `${queuePrefix(url, prefix)}:*`;
  let deleted = 0;
  for (const server of client instanceof Cluster ? client.nodes('master') : [client]) {
    let cursor = '0';
    do {
      const [next, keys] = await server.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await server.del(...keys);
    } while (cursor !== '0');
  }
  return { pattern, deleted };
}

export function findOnPath(
  bin: string,
  searchPath: string | undefined = process.env.PATH,
): string | undefined {
  for (const dir of (searchPath ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, bin);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function spawnRedis(
  bin: string,
  dataDir: string,
  log?: Log,
): Promise<{ url: string; child: ChildProcess }> {
  const dir = path.join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const child = spawn(
    bin,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--save',
      '',
      '--maxmemory-policy',
      'noeviction',
      '--daemonize',
      'no',
      '--logfile',
      path.join(dir, 'redis.log'),
    ],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  // Poll until it answers; redis loads its append-only file before accepting commands.
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const code = await Promise.race([
      exited,
      new Promise<'pending'>((r) => setTimeout(() => r('pending'), 100)),
    ]);
    if (code !== 'pending') {
      throw new RuntimeError(
        'redis_start_failed',
        `redis-server exited with code ${code}; see ${dir}/redis.log`,
      );
    }
    if (await answers(url)) {
      log?.info({ url, dir }, 'started redis-server as a child process');
      return { url, child };
    }
  }
  child.kill('SIGKILL');
  throw new RuntimeError(
    'redis_start_failed',
    `redis-server did not answer within 15 s; see ${dir}/redis.log`,
  );
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    // SIGTERM makes redis flush its append-only file before it exits.
    child.kill('SIGTERM');
  });
}

/**
 * Finds the Redis to use, in the order the README documents: REDIS_URL; else a Redis answering on
 * 127.0.0.1:6379; else a redis-server from the PATH started as a child process with its data under
 * DATA_DIR/redis; else a clear error that says how to install one.
 */
export async function resolveRedis(options: RedisOptions): Promise<RedisHandle> {
  let url: string;
  let child: ChildProcess | undefined;
  if (options.redisUrl) {
    url = options.redisUrl;
    const found = await answers(url, true);
    if (!found) {
      throw new RuntimeError(
        'redis_unreachable',
        `REDIS_URL is set to ${parseRedisAddress(url).display}, but no Redis answers there.`,
      );
    }
    // A single address of a cluster node becomes the cluster's seed; a node list already is a cluster.
    if (found.cluster && !parseRedisAddress(url).cluster) url = clusterAddressText(url);
  } else if (await answers(options.probeUrl ?? DEFAULT_REDIS_URL)) {
    url = options.probeUrl ?? DEFAULT_REDIS_URL;
  } else {
    const bin = findOnPath('redis-server', options.searchPath);
    if (!bin) {
      throw new RuntimeError(
        'redis_missing',
        `No Redis answers at ${options.probeUrl ?? DEFAULT_REDIS_URL} and redis-server is not on the PATH. ${INSTALL_REDIS_HINT}`,
      );
    }
    ({ url, child } = await spawnRedis(bin, options.dataDir, options.logger));
  }

  const client = connectRedis(url);
  client.on('error', (err) => options.logger?.warn({ err: err.message }, 'redis connection error'));
  const spawned = child;
  const onExit = () => spawned?.kill('SIGTERM');
  // If this process dies without a graceful close, do not leave an orphaned redis-server behind.
  if (spawned) process.once('exit', onExit);
  try {
    await assertNoEviction(client, url);
  } catch (err) {
    client.disconnect();
    if (spawned) await stopChild(spawned);
    throw err;
  }
  return {
    url,
    spawned: spawned !== undefined,
    client,
    async close() {
      await client.quit().catch(() => client.disconnect());
      if (spawned) {
        process.off('exit', onExit);
        await stopChild(spawned);
      }
    },
  };
}
