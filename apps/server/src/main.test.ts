import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectRedis } from '@scoreflow/runtime';
import { flows, TEST_REDIS_URL } from '@scoreflow/runtime/testing';
import { createTestDatabase, TEST_POSTGRES_URL } from '@scoreflow/store/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { MAIN, startServer } from './testing/processes.js';

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function start(env: Record<string, string>, role = 'all', dataDirIn?: string) {
  const dataDir = dataDirIn ?? mkdtempSync(path.join(tmpdir(), 'scoreflow-main-'));
  if (!dataDirIn) dirs.push(dataDir);
  const server = startServer(role, { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', ...env }, children);
  return { ...server, dataDir };
}

describe('the server entry point on embedded defaults', () => {
  it('is built', () => {
    expect(existsSync(MAIN), `${MAIN} is missing: run "npx tsc -b" first`).toBe(true);
  });

  it('starts redis-server itself when nothing answers on the probe address, becomes ready, and stops cleanly', async () => {
    const server = start({ REDIS_PROBE_URL: 'redis://127.0.0.1:1', QUEUE_PREFIX: `main-${process.pid}` });
    const url = await server.listening();
    expect(server.output()).toMatch(/started redis-server as a child process/);
    const ready = await fetch(new URL('/readyz', url));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
    expect(existsSync(path.join(server.dataDir, 'scoreflow.db'))).toBe(true);
    expect(existsSync(path.join(server.dataDir, 'redis'))).toBe(true);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toMatch(/"msg":"stopped"/);
  });

  it('exits with a message saying how to install Redis when there is none', async () => {
    // An empty PATH: no redis-server anywhere (node itself is started by its absolute path).
    const emptyDir = mkdtempSync(path.join(tmpdir(), 'scoreflow-path-'));
    dirs.push(emptyDir);
    const server = start({ REDIS_PROBE_URL: 'redis://127.0.0.1:1', PATH: emptyDir });
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(/redis-server is not on the PATH.*apt-get install redis-server/s);
  });

  it('stopped while it starts, finishes starting, then stops cleanly instead of dying on the signal', async () => {
    const worker = start({ REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: `main-stop-${process.pid}` }, 'worker');
    // "starting" is logged once the database and Redis are open, before the workers start.
    for (let i = 0; i < 800 && !worker.output().includes('"msg":"starting"'); i++)
      await new Promise((r) => setTimeout(r, 25));
    expect(worker.output()).toContain('"msg":"starting"');
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toMatch(/"msg":"stopped"/);
  });

  it('refuses a bad role with a clear message', async () => {
    const bad = spawn(process.execPath, [MAIN, '--role', 'boss'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(bad);
    let err = '';
    bad.stderr?.on('data', (d) => {
      err += d;
    });
    const code = await new Promise((resolve) => bad.once('exit', resolve));
    expect(code).toBe(1);
    expect(err).toMatch(/--role must be one of api, worker, all/);
  });

  it('runs the API and the workers as separate processes sharing DATA_DIR', async () => {
    const shared = {
      REDIS_URL: 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: `roles-${process.pid}-${Date.now()}`,
      SCOREFLOW_BOOTSTRAP_TOKEN: 'sf_main_test_bootstrap_token',
    };
    const authorization = `Bearer ${shared.SCOREFLOW_BOOTSTRAP_TOKEN}`;
    const api = start(shared, 'api');
    const url = await api.listening();
    const post = (route: string, body?: unknown) =>
      fetch(new URL(route, url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: body === undefined ? null : JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
    const get = (route: string) =>
      fetch(new URL(route, url), { headers: { authorization } }).then(
        (r) => r.json() as Promise<Record<string, unknown>>,
      );

    const flow = await post('/api/flows', {
      document: flows.chain(
        'Clicks',
        ['trigger.event', { event: 'email.clicked' }],
        ['action.adjustScore', { score: 'SCORE', delta: 10 }],
      ),
    });
    expect(flow.status).toBe(201);
    expect((await post(`/api/flows/${flow.body.id}/publish`)).status).toBe(201);
    expect((await post(`/api/flows/${flow.body.id}/activate`)).status).toBe(200);
    const accepted = await post('/api/events', {
      type: 'email.clicked',
      contact: { email: 'role@example.com' },
    });
    expect(accepted).toMatchObject({ status: 202, body: { status: 'accepted' } });

    // The API process only queues: the event's job waits in Redis, and nothing takes it.
    const { queues } = (await get('/api/health/overview')) as {
      queues: { name: string; counts: Record<string, number> }[] | null;
    };
    expect(queues?.find((q) => q.name === 'events')?.counts).toMatchObject({ waiting: 1, active: 0 });
    expect(((await get('/api/runs')) as { total: number }).total).toBe(0);

    const worker = start(shared, 'worker', api.dataDir);
    let contacts: { items: { id: string }[] } = { items: [] };
    for (let i = 0; i < 200 && contacts.items.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      contacts = (await get('/api/contacts?email=role@example.com')) as typeof contacts;
    }
    const contactId = contacts.items[0]?.id;
    expect(contactId).toBeDefined();
    const contact = await get(`/api/contacts/${contactId}`);
    expect(contact.scores).toEqual({ SCORE: 10 });

    worker.child.kill('SIGTERM');
    api.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(await api.exited).toBe(0);

    // Leave the shared Redis as we found it.
    const redis = connectRedis(shared.REDIS_URL);
    const keys = await redis.keys(`${shared.QUEUE_PREFIX}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });
});

describe('the server entry point with DATABASE_URL', () => {
  it('exits naming a DATABASE_URL it cannot reach, without its password', async () => {
    const server = start({ DATABASE_URL: 'postgres://scoreflow:s3cret-pw@127.0.0.1:1/scoreflow' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain(
      'cannot open the database postgres://scoreflow:***@127.0.0.1:1/scoreflow',
    );
    expect(server.output()).not.toContain('s3cret-pw');
  });
});

// Only where the suite runs on PostgreSQL: the embedded default above is SQLite.
describe.skipIf(TEST_POSTGRES_URL === undefined)('the server entry point on PostgreSQL', () => {
  it('uses DATABASE_URL instead of the SQLite file, logs it without its password, and answers /readyz', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'scoreflow-main-pg-'));
    dirs.push(dataDir);
    const database = await createTestDatabase(dataDir);
    try {
      // The test server trusts local connections, so any password does; it must not reach the log.
      const url = new URL(database.location);
      url.password = 'not-for-the-log';
      const prefix = `main-pg-${process.pid}-${Date.now()}`;
      const server = start(
        { DATABASE_URL: url.toString(), REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix },
        'all',
        dataDir,
      );
      const listening = await server.listening();
      const ready = await fetch(new URL('/readyz', listening));
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        status: 'ready',
        checks: expect.arrayContaining([{ name: 'postgres', ok: true }]),
      });
      expect(server.output()).toContain(url.host);
      expect(server.output()).not.toContain('not-for-the-log');
      expect(existsSync(path.join(dataDir, 'scoreflow.db'))).toBe(false);

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      const redis = connectRedis(TEST_REDIS_URL);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    } finally {
      await database.drop();
    }
  });
});
