import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectRedis, findOnPath, resolveRedis } from './redis.js';

// A port nothing listens on, so the "is Redis on the default port?" probe fails like on a bare machine.
const NOTHING_THERE = 'redis://127.0.0.1:1';
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'scoreflow-redis-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('resolveRedis', () => {
  it('uses REDIS_URL when it is set and answers', async () => {
    const redis = await resolveRedis({ redisUrl: 'redis://127.0.0.1:6379', dataDir: tempDir() });
    try {
      expect(redis.spawned).toBe(false);
      expect(await redis.client.ping()).toBe('PONG');
    } finally {
      await redis.close();
    }
  });

  it('refuses a REDIS_URL that does not answer instead of falling back', async () => {
    await expect(resolveRedis({ redisUrl: NOTHING_THERE, dataDir: tempDir() })).rejects.toMatchObject({
      code: 'redis_unreachable',
    });
  });

  it('uses a Redis already answering on the default address', async () => {
    const redis = await resolveRedis({ dataDir: tempDir(), probeUrl: 'redis://127.0.0.1:6379' });
    try {
      expect(redis.url).toBe('redis://127.0.0.1:6379');
      expect(redis.spawned).toBe(false);
    } finally {
      await redis.close();
    }
  });

  it('starts redis-server from the PATH with append-only data under DATA_DIR and noeviction, and stops it', async () => {
    const dataDir = tempDir();
    const redis = await resolveRedis({ dataDir, probeUrl: NOTHING_THERE });
    const url = redis.url;
    try {
      expect(redis.spawned).toBe(true);
      expect(url).not.toBe('redis://127.0.0.1:6379');
      expect(await redis.client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
      expect(await redis.client.config('GET', 'maxmemory-policy')).toEqual([
        'maxmemory-policy',
        'noeviction',
      ]);
      expect(await redis.client.config('GET', 'dir')).toEqual(['dir', path.join(dataDir, 'redis')]);
      await redis.client.set('kept', 'yes');
    } finally {
      await redis.close();
    }
    const probe = connectRedis(url, { lazyConnect: true, failFast: true });
    probe.on('error', () => {});
    await expect(probe.connect()).rejects.toThrow();
    probe.disconnect();

    // The append-only file under DATA_DIR/redis brings the data back on the next start.
    const again = await resolveRedis({ dataDir, probeUrl: NOTHING_THERE });
    try {
      expect(await again.client.get('kept')).toBe('yes');
    } finally {
      await again.close();
    }
  });

  it('says how to install Redis when none answers and redis-server is not on the PATH', async () => {
    const promise = resolveRedis({ dataDir: tempDir(), probeUrl: NOTHING_THERE, searchPath: tempDir() });
    await expect(promise).rejects.toMatchObject({ code: 'redis_missing' });
    await expect(promise).rejects.toThrow(/apt-get install redis-server/);
  });

  it('refuses a Redis whose eviction policy could drop queued jobs', async () => {
    // A private redis-server with an evicting policy, so the shared one is never reconfigured.
    const bin = findOnPath('redis-server');
    expect(bin).toBeDefined();
    const { spawn } = await import('node:child_process');
    // A port the system just gave out, not a random guess that may be taken.
    const { createServer } = await import('node:net');
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const child = spawn(bin as string, [
      '--port',
      String(port),
      '--save',
      '',
      '--maxmemory-policy',
      'allkeys-lru',
    ]);
    try {
      const url = `redis://127.0.0.1:${port}`;
      // On a loaded machine redis-server can take seconds to listen.
      for (let i = 0; i < 200; i++) {
        const probe = connectRedis(url, { lazyConnect: true, failFast: true });
        probe.on('error', () => {});
        const up = await probe.connect().then(
          () => true,
          () => false,
        );
        probe.disconnect();
        if (up) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await expect(resolveRedis({ redisUrl: url, dataDir: tempDir() })).rejects.toMatchObject({
        code: 'redis_eviction_policy',
      });
    } finally {
      child.kill('SIGKILL');
    }
  });
});
