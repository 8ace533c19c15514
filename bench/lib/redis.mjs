import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { sleep, until } from './stats.mjs';

/** A free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a private, memory-only redis-server child for the bench: other users of a shared Redis would
 * add commands of their own to INFO commandstats, and persistence would add disk noise to the timings.
 * @param {{ launcher?: string[] }} [options]
 */
export async function startPrivateRedis({ launcher = [] } = {}) {
  const port = await freePort();
  // A launcher (say valgrind and its options) runs redis-server under it.
  const [command, ...launcherArgs] = [...launcher, 'redis-server'];
  const child = spawn(
    command,
    [
      ...launcherArgs,
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--loglevel',
      'warning',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true, retryStrategy: () => 100 });
  // Refused connections are expected while the server boots; `until` below retries them.
  client.on('error', () => undefined);
  await until(
    async () => {
      try {
        if (client.status !== 'ready') await client.connect();
        return (await client.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    'the private redis-server to answer',
    launcher.length > 0 ? 60_000 : 10_000,
    100,
  );
  return {
    url,
    port,
    client,
    pid: child.pid,
    /** Commands executed so far, in total and per command (the INFO calls that read it are left out). */
    commands: () => commandStats(client),
    /** Deletes every key under `prefix` (BullMQ's keys are `prefix:queue:...`). */
    async dropPrefix(prefix) {
      let cursor = '0';
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await client.unlink(...keys);
      } while (cursor !== '0');
    },
    /** Redis's own memory use, in bytes. */
    async usedMemory() {
      const info = await client.info('memory');
      return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? Number.NaN);
    },
    async stop() {
      client.disconnect();
      child.kill('SIGTERM');
      await Promise.race([new Promise((r) => child.once('exit', r)), sleep(5_000)]);
    },
  };
}

/**
 * INFO commandstats as `{ total, byCommand }`, without the INFO commands themselves. Commands that
 * BullMQ's Lua scripts run are counted too (Redis counts `redis.call`s in commandstats).
 * @param {Redis} client
 */
export async function commandStats(client) {
  const info = await client.info('commandstats');
  /** @type {Record<string, number>} */
  const byCommand = {};
  let total = 0;
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    if (match[1] === 'info') continue;
    byCommand[match[1]] = Number(match[2]);
    total += Number(match[2]);
  }
  return { total, byCommand };
}

/**
 * The commands run between two `commandStats` snapshots.
 * @param {{ total: number, byCommand: Record<string, number> }} before
 * @param {{ total: number, byCommand: Record<string, number> }} after
 */
export function commandDelta(before, after) {
  /** @type {Record<string, number>} */
  const byCommand = {};
  for (const [name, calls] of Object.entries(after.byCommand)) {
    const delta = calls - (before.byCommand[name] ?? 0);
    if (delta > 0) byCommand[name] = delta;
  }
  return { total: after.total - before.total, byCommand };
}
