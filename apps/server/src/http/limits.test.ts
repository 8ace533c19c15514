import { connectRedis } from '@scoreflow/runtime';
import { createTestRuntime, type TestRuntime } from '@scoreflow/runtime/testing';
import { sql } from '@scoreflow/store';
import type { Express } from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { type AppDeps, createApp } from '../app.js';
import { asAdmin, createTestApp, tokenHeaders } from '../testing.js';
import { MAX_JSON_DEPTH } from './jsonBody.js';
import type { RateLimitOptions } from './rateLimit.js';

const WRITE_KEY = 'wk_limits';
const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

/** `[[[...]]]` nested `levels` deep. */
const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function appWith(extra: Partial<AppDeps>): Promise<{ app: Express; deps: AppDeps }> {
  const { app: _unused, store, cleanup } = await createTestApp();
  cleanups.push(cleanup);
  const deps: AppDeps = { store, logger: pino({ level: 'silent' }), ...extra };
  return { app: await asAdmin(createApp(deps), store), deps };
}

async function runtime(): Promise<TestRuntime> {
  const t = await createTestRuntime();
  cleanups.push(() => t.close());
  return t;
}

const expectProblem = (res: request.Response, status: number) => {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: expect.stringMatching(/^urn:scoreflow:problem:/) });
};

describe('security headers', () => {
  it('sends a content security policy without inline scripts, and helmet’s other headers', async () => {
    const { app } = await appWith({});
    for (const path of ['/healthz', '/api/flows', '/api/nowhere']) {
      const res = await request(app).get(path);
      const csp = res.headers['content-security-policy'] as string;
      expect(csp).toContain("default-src 'self'");
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });
});

describe('rate limits', () => {
  const tight: RateLimitOptions = { windowMs: 60_000, perCaller: 3, perWriteKey: 2 };

  it('answers 429 with Retry-After past the per-caller limit, counting each bearer token apart', async () => {
    const { app, deps } = await appWith({ rateLimits: tight });
    for (let i = 0; i < 3; i++) await request(app).get('/api/flows').expect(200);
    const refused = await request(app).get('/api/flows');
    expectProblem(refused, 429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body.detail).toMatch(/More than 3 requests/);
    // Writes count too, and are refused before they change anything.
    expectProblem(await request(app).post('/api/flows').send({ name: 'x' }), 429);
    expect((await request(app).get('/healthz')).status).toBe(200);

    const other = await request(app)
      .get('/api/flows')
      .set(await tokenHeaders(deps.store, 'marketer'));
    expect(other.status).toBe(200);
  });

  it('counts per write key in Redis, shared by every API process', async () => {
    const t = await runtime();
    const deps = (): Partial<AppDeps> => ({
      ingest: t.ingest,
      segmentWriteKeys: [WRITE_KEY, 'wk_other'],
      rateLimits: {
        ...tight,
        // A loaded test machine may take longer than production's 300 ms; counting is what is tested.
        redis: {
          sendCommand: (cmd, ...args) => t.redis.call(cmd as string, ...args),
          prefix: t.prefix,
          timeoutMs: 5_000,
        },
      },
    });
    // Two apps stand for two API processes: only Redis links them.
    const a = (await appWith(deps())).app;
    const b = (await appWith(deps())).app;
    const track = (app: Express, key = WRITE_KEY) =>
      request(app)
        .post('/v1/track')
        .set('Authorization', basic(key))
        .send({ event: 'Clicked', userId: 'u1', messageId: `m-${Math.random()}` });

    expect((await track(a)).status).toBe(200);
    expect((await track(b)).status).toBe(200);
    const refused = await track(a);
    expectProblem(refused, 429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await track(b, 'wk_other')).status).toBe(200);
    // A wrong key is refused as such, not counted against anyone.
    expectProblem(await track(a, 'wk_wrong'), 401);
  });

  it('lets requests through, without hanging, when the limits’ Redis does not answer', async () => {
    // Nothing listens on port 1; the offline queue holds the commands, as it would during an outage.
    const dead = connectRedis('redis://127.0.0.1:1', { lazyConnect: true });
    dead.on('error', () => {});
    cleanups.push(() => dead.disconnect());
    const { app } = await appWith({
      rateLimits: {
        ...tight,
        perCaller: 1,
        redis: { sendCommand: (cmd, ...args) => dead.call(cmd as string, ...args), prefix: 'unused' },
      },
    });
    for (let i = 0; i < 3; i++) await request(app).get('/api/flows').expect(200);
  });
});

describe('body limits', () => {
  it('gives flow documents 2 MB and small routes 64 KB, refusing larger bodies with 413', async () => {
    const { app } = await appWith({});
    const padding = 'x'.repeat(100_000);
    const flow = await request(app)
      .post('/api/flows/validate')
      .send({ version: 1, nodes: [], edges: [], padding });
    expect(flow.status).toBe(200);
    const score = await request(app).put('/api/scores/LEADS').send({ floor: 0, padding });
    expectProblem(score, 413);
    expect(score.body.detail).toMatch(/larger than/);
  });

  it('refuses a 10,000-node flow document with 413 before storing anything', async () => {
    const { app, deps } = await appWith({});
    const nodes = Array.from({ length: 10_000 }, (_, i) => ({
      id: `n${i}`,
      type: 'action.adjustScore',
      position: { x: 0, y: i },
      config: {},
    }));
    const document = { version: 1, settings: { name: 'Huge' }, nodes, edges: [] };
    const created = await request(app).post('/api/flows').send({ document });
    expectProblem(created, 413);
    expect(created.body.errors).toEqual([
      expect.objectContaining({ pointer: '/document/nodes', code: 'too_many_nodes' }),
    ]);
    expect(await deps.store.flows.list()).toEqual([]);

    const draft = await request(app).post('/api/flows').send({ name: 'Small' }).expect(201);
    expectProblem(await request(app).put(`/api/flows/${draft.body.id}`).send({ document }), 413);
    const kept = await request(app).get(`/api/flows/${draft.body.id}`).expect(200);
    expect(kept.body.document.nodes.length).toBeLessThan(10);
  });
});

describe('JSON depth', () => {
  it(`refuses bodies nested deeper than ${MAX_JSON_DEPTH} levels with 400 pointing at where`, async () => {
    const t = await runtime();
    const { app } = await appWith({ ingest: t.ingest, segmentWriteKeys: [WRITE_KEY] });
    const json = (path: string) => request(app).post(path).set('Content-Type', 'application/json');

    const ok = await json('/api/flows/validate').send(nested(MAX_JSON_DEPTH));
    expect(ok.status).toBe(200);

    const deep = await json('/api/flows/validate').send(nested(MAX_JSON_DEPTH + 1));
    expectProblem(deep, 400);
    expect(deep.body.errors[0]).toMatchObject({
      code: 'too_deep',
      pointer: `/${Array(32).fill('0').join('/')}`,
    });

    // Deep enough to overflow recursive code, on every family of JSON routes.
    const bomb = `{"type":"x","contact":{"email":"a@b.co"},"properties":${nested(5000)}}`;
    for (const [method, path] of [
      ['post', '/api/flows'],
      ['post', '/api/events'],
      ['put', '/api/scores/S'],
      ['post', '/v1/track'],
    ] as const) {
      const call = request(app)[method](path).set('Content-Type', 'application/json');
      if (path.startsWith('/v1/')) call.set('Authorization', basic(WRITE_KEY));
      const res = await call.send(bomb);
      expectProblem(res, 400);
      expect(res.body.errors[0].pointer).toMatch(/^\/properties(\/0)+$/);
    }
    const { rows } = await sql<{ n: number }>`select count(*) as n from events`.execute(t.store.db);
    expect(rows).toEqual([{ n: 0 }]);
  });
});
