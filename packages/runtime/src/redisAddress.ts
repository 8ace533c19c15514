import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { RuntimeError } from './errors.js';

/**
 * Where Redis is: one server, or the seed nodes of a Redis Cluster. Everything that connects takes
 * the same text, so a cluster needs no other setting than its address:
 * - `redis://host:port` (or `rediss://`, with `user:password@`): one server;
 * - `redis://host:7000,host:7001,host:7002`: a cluster, named by several of its nodes;
 * - `redis+cluster://host:7000` (`rediss+cluster://` with TLS): a cluster named by one seed node (what
 *   `resolveRedis` hands on once it found that a single address is a cluster node).
 */
export interface RedisAddress {
  /** The text it was read from, with any password hidden (for logs). */
  display: string;
  cluster: boolean;
  nodes: { host: string; port: number }[];
  /** Credentials and TLS, the same for every node. */
  options: RedisOptions;
}

export function parseRedisAddress(text: string): RedisAddress {
  const match = /^(rediss?(?:\+cluster)?):\/\/(?:([^@/]*)@)?([^/?#]+)(\/\d+)?\/?$/.exec(text.trim());
  if (!match) {
    throw new RuntimeError(
      'redis_address_invalid',
      `"${text}" is not a Redis address: expected redis://host:port, rediss://user:password@host:port, or ` +
        'several host:port of a Redis Cluster separated by commas',
    );
  }
  const [, scheme = 'redis', auth, hosts = '', db] = match;
  const nodes = hosts.split(',').map((hostPort) => {
    const at = hostPort.lastIndexOf(':');
    const host = at > 0 ? hostPort.slice(0, at) : hostPort;
    const port = at > 0 ? Number(hostPort.slice(at + 1)) : 6379;
    if (!host || !Number.isInteger(port) || port <= 0 || port > 65535) {
      throw new RuntimeError('redis_address_invalid', `"${hostPort}" in the Redis address is not host:port`);
    }
    return { host: host.replace(/^\[(.*)\]$/, '$1'), port };
  });
  const cluster = scheme.endsWith('+cluster') || nodes.length > 1;
  if (cluster && db !== undefined) {
    throw new RuntimeError(
      'redis_address_invalid',
      'a Redis Cluster has one database only: remove the /<db>',
    );
  }
  const options: RedisOptions = {};
  if (auth !== undefined) {
    const colon = auth.indexOf(':');
    const user = decodeURIComponent(colon >= 0 ? auth.slice(0, colon) : '');
    const password = decodeURIComponent(colon >= 0 ? auth.slice(colon + 1) : auth);
    if (user) options.username = user;
    if (password) options.password = password;
  }
  if (scheme.startsWith('rediss')) options.tls = {};
  if (db !== undefined) options.db = Number(db.slice(1));
  const display = text.replace(/\/\/[^@/]*@/, '//***@');
  return { display, cluster, nodes, options };
}

/** Canonical text for a cluster address, credentials kept (for handing on, never for logs). */
export function clusterAddressText(text: string): string {
  return text.replace(/^(rediss?):/, '$1+cluster:');
}

export interface ClientOptions {
  lazyConnect?: boolean;
  /** One attempt, no offline queue, short timeout: for probes and for commands that must not wait. */
  failFast?: boolean;
}

/**
 * A connection for commands (or for BullMQ, which needs `maxRetriesPerRequest: null` on connections
 * that block). On a cluster, ioredis follows MOVED/ASK redirections and finds every node itself.
 */
export function redisClient(text: string, extra: ClientOptions = {}): Redis | Cluster {
  const address = parseRedisAddress(text);
  const options: RedisOptions = {
    ...address.options,
    maxRetriesPerRequest: extra.failFast ? 1 : null,
    enableOfflineQueue: !extra.failFast,
    connectTimeout: extra.failFast ? 500 : 10_000,
    ...(extra.failFast ? { retryStrategy: () => null } : {}),
  };
  if (!address.cluster) {
    const [node] = address.nodes;
    return new Redis({
      ...options,
      host: node?.host ?? '127.0.0.1',
      port: node?.port ?? 6379,
      lazyConnect: extra.lazyConnect ?? false,
    });
  }
  return new Cluster(address.nodes, {
    redisOptions: options,
    lazyConnect: extra.lazyConnect ?? false,
    enableOfflineQueue: !extra.failFast,
    ...(extra.failFast ? { clusterRetryStrategy: () => null } : {}),
    // Node addresses as the cluster announces them are reachable from here (no NAT in front).
    slotsRefreshTimeout: 2_000,
  });
}

/**
 * What BullMQ's queues and workers connect with. A single server: options, from which each queue and
 * worker opens (and closes) its own connections, as before. A cluster: one ioredis Cluster shared by
 * the caller's queues or workers (a worker duplicates it for its blocking connection); BullMQ does not
 * close a connection it was handed, so `close` does, after them.
 */
export function bullConnection(text: string): {
  connection: Cluster | { url: string; maxRetriesPerRequest: null };
  close(): Promise<void>;
} {
  if (!parseRedisAddress(text).cluster) {
    return { connection: { url: text, maxRetriesPerRequest: null }, close: async () => {} };
  }
  const cluster = redisClient(text) as Cluster;
  cluster.on('error', () => {}); // reported by the queues and workers that use it
  return {
    connection: cluster,
    close: async () => {
      await cluster.quit().catch(() => cluster.disconnect());
    },
  };
}

/**
 * The BullMQ key prefix. On a cluster every key a BullMQ script touches must hash to one slot, so the
 * prefix becomes a hash tag (`{scoreflow}`): all of an installation's queues live on one shard, which
 * is what BullMQ documents; a single server keeps the plain prefix, so existing keys stay where they are.
 */
export function queuePrefix(text: string, prefix: string): string {
  if (!parseRedisAddress(text).cluster || /\{[^}]+\}/.test(prefix)) return prefix;
  return `{${prefix}}`;
}
