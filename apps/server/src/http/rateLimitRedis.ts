import { Cluster, type Redis } from 'ioredis';
import type { SendRedisCommand } from './rateLimit.js';

/**
 * The rate limiter's link to Redis. Not queued while Redis is away: requests then pass uncounted at
 * once, and no backlog of counts piles up to land when it returns. On a cluster, the limiter's
 * `SCRIPT LOAD` goes to every primary, since its `EVALSHA` runs on whichever node owns the key.
 */
export function redisCommandSender(client: Redis | Cluster): SendRedisCommand {
  return async (command, ...args) => {
    if (client.status !== 'ready') throw new Error('Redis is not connected');
    if (client instanceof Cluster && command.toUpperCase() === 'SCRIPT') {
      const answers = await Promise.all(client.nodes('master').map((node) => node.call(command, ...args)));
      return answers[0];
    }
    return client.call(command, ...args);
  };
}
