import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestRuntime, type RedisClusterHandle, startRedisCluster } from '@scoreflow/runtime/testing';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { asAdmin, createTestApp } from '../testing.js';
import { redisCommandSender } from './rateLimitRedis.js';

let cluster: RedisClusterHandle;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'scoreflow-rl-cluster-'));
  cluster = await startRedisCluster(dir);
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('counts write-key requests on a Redis Cluster, shared by two API processes', async () => {
  const t = await createTestRuntime({ redisUrl: cluster.url });
  const apps = [await createTestApp(), await createTestApp()];
  try {
    await t.redis.ping(); // connected, as the server's client is before it builds the app
    // Two apps stand for two API processes: only the cluster links them.
    const [a, b] = await Promise.all(
      apps.map(({ store }) =>
        asAdmin(
          createApp({
            store,
            logger: pino({ level: 'silent' }),
            ingest: t.ingest,
            segmentWriteKeys: ['wk_cluster'],
            rateLimits: {
              windowMs: 60_000,
              perCaller: 0,
              perWriteKey: 2,
              redis: { sendCommand: redisCommandSender(t.redis), prefix: `{${t.prefix}}`, timeoutMs: 5_000 },
            },
          }),
          store,
        ),
      ),
    );
    if (!a || !b) throw new Error('two apps expected');
    const track = (app: typeof a) =>
      request(app)
        .post('/v1/track')
        .set('Authorization', `Basic ${Buffer.from('wk_cluster:').toString('base64')}`)
        .send({ event: 'Clicked', userId: 'u1', messageId: `m-${Math.random()}` });
    expect((await track(a)).status).toBe(200);
    expect((await track(b)).status).toBe(200);
    expect((await track(a)).status).toBe(429);
  } finally {
    for (const app of apps) await app.cleanup();
    await t.close();
  }
});
