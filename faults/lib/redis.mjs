import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';

/** A port nobody listens on right now (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForPing(url, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      client.disconnect();
      return;
    } catch {
      client.disconnect();
      if (Date.now() > deadline) throw new Error(`redis at ${url} did not answer within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/**
 * A private redis-server for one case, so FLUSHALL and restarts never touch the shared Redis.
 * `persistent` keeps an append-only file in `dir`, so a restart brings the data back; `bind` adds
 * addresses to listen on besides loopback (the gateways of network-namespace hosts).
 */
export async function startRedis({ dir, persistent = false, bind = [] }) {
  const port = await freePort();
  const redisDir = path.join(dir, 'redis');
  mkdirSync(redisDir, { recursive: true });
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    ...bind,
    // Protected mode answers only loopback when no password is set; the extra addresses are links to
    // this case's own namespaces, reachable from nowhere else.
    ...(bind.length > 0 ? ['--protected-mode', 'no'] : []),
    '--dir',
    redisDir,
    '--save',
    '',
    '--appendonly',
    persistent ? 'yes' : 'no',
    '--appendfsync',
    'always',
  ];
  const url = `redis://127.0.0.1:${port}`;
  let child;

  async function up() {
    child = spawn('redis-server', args, { stdio: 'ignore' });
    await waitForPing(url);
  }

  async function down(signal = 'SIGTERM') {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  }

  await up();
  return {
    url,
    port,
    /** Stops the server; SIGTERM lets it write its append-only file, SIGKILL is a crash. */
    stop: down,
    start: up,
    async restart(signal = 'SIGTERM') {
      await down(signal);
      await up();
    },
    /** A short-lived client, for FLUSHALL and queue inspection. */
    client: () => new Redis(url, { maxRetriesPerRequest: null }),
  };
}
