import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveRedis } from '@scoreflow/runtime';
import { createStore, openDatabase } from '@scoreflow/store';
import { createTestDatabase } from '@scoreflow/store/testing';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';

const dir = mkdtempSync(path.join(tmpdir(), 'scoreflow-health-'));
const database = await createTestDatabase(dir, 'test.db');
const store = createStore(await openDatabase(database.location));
afterAll(async () => {
  await store.close();
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('/readyz', () => {
  it('is ready when the database and a real Redis answer', async () => {
    const redis = await resolveRedis({ redisUrl: 'redis://127.0.0.1:6379', dataDir: dir });
    try {
      const app = createApp({
        store,
        logger: pino({ level: 'silent' }),
        readiness: [{ name: 'redis', check: async () => void (await redis.client.ping()) }],
      });
      const res = await request(app).get('/readyz').expect(200);
      expect(res.body).toEqual({
        status: 'ready',
        checks: [
          { name: store.dialect, ok: true },
          { name: 'redis', ok: true },
        ],
      });
    } finally {
      await redis.close();
    }
  });

  it('answers 503 naming the dependency that does not answer, while /healthz stays 200', async () => {
    const app = createApp({
      store,
      logger: pino({ level: 'silent' }),
      readiness: [
        {
          name: 'redis',
          check: () => {
            throw new Error('connect ECONNREFUSED 127.0.0.1:1');
          },
        },
      ],
    });
    const res = await request(app).get('/readyz').expect(503);
    expect(res.body.status).toBe('unavailable');
    expect(res.body.checks).toContainEqual({
      name: 'redis',
      ok: false,
      error: 'connect ECONNREFUSED 127.0.0.1:1',
    });
    await request(app).get('/healthz').expect(200);
  });

  it('does not hang when a dependency never answers', async () => {
    const app = createApp({
      store,
      logger: pino({ level: 'silent' }),
      readiness: [{ name: 'redis', check: () => new Promise<void>(() => {}) }],
    });
    const res = await request(app).get('/readyz').expect(503);
    expect(res.body.checks[1].error).toMatch(/no answer/);
  });
});
