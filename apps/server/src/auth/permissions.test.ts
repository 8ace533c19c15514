import { API, type Permission, ROUTES } from '@scoreflow/api';
import { createRunControl } from '@scoreflow/runtime';
import type { Role } from '@scoreflow/store';
import express, { type RequestHandler } from 'express';
import request from 'supertest';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { guardedRouter } from '../http/guardedRouter.js';
import { assertRoutesMatchContract, type RegisteredRoute, routeTable } from '../http/routeTable.js';
import { tokenHeaders, useTestApp } from '../testing.js';
import { hashSecret, newSecret } from './secrets.js';

type Caller = 'nobody' | Role | 'writeKey';
const CALLERS: Caller[] = ['nobody', 'admin', 'marketer', 'support', 'writeKey'];

let routes: RegisteredRoute[];
const headers: Record<Caller, Record<string, string>> = {
  nobody: {},
  admin: {},
  marketer: {},
  support: {},
  writeKey: {},
};
let writeKey: string;
/** `METHOD /pattern` of every route whose guard let the request through, since the last reset. */
const entered: string[] = [];

interface Layer {
  handle: RequestHandler & { stack?: Layer[] };
  rawPath?: unknown;
  route?: { path: unknown; stack: Layer[] };
}

/** Wraps each route's first handler (its guard) so the test sees which handlers a request reached. */
function recordEntries(stack: Layer[], prefix: string): void {
  for (const layer of stack) {
    const guardLayer = layer.route?.stack[0];
    if (layer.route && guardLayer) {
      const path = `${prefix}${String(layer.route.path)}`;
      const inner = guardLayer.handle;
      guardLayer.handle = Object.assign(
        ((req, res, next) =>
          inner(req, res, (err?: unknown) => {
            if (err === undefined) entered.push(`${req.method} ${path}`);
            next(err as Error);
          })) as RequestHandler,
        inner,
      );
    } else if (layer.handle.stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      recordEntries(layer.handle.stack, prefix + mount);
    }
  }
}

const { bare: app, runtime: t } = useTestApp({
  runtime: true,
  start: false,
  deps: (t) => ({
    runControl: createRunControl({ store: t.store, queues: t.runtime.queues }),
    queues: t.runtime.queues,
    // Thousands of requests from one address: the per-caller limit is not what this file tests.
    rateLimits: { windowMs: 60_000, perCaller: 0, perWriteKey: 0 },
  }),
  per: 'file',
});
beforeAll(async () => {
  routes = routeTable(app());
  recordEntries((app() as unknown as { router: { stack: Layer[] } }).router.stack, '');
  for (const role of ['admin', 'marketer', 'support'] as const) {
    headers[role] = await tokenHeaders(t().store, role);
  }
  writeKey = newSecret('wk_');
  await t().store.access.createWriteKey({ name: 'site', hash: hashSecret(writeKey) });
  headers.writeKey = { authorization: `Bearer ${writeKey}` };
});
beforeEach(() => {
  entered.length = 0;
});

function permissionOfOperation(method: string, path: string): Permission {
  const route = routes.find((r) => r.method === method && r.path === path);
  if (!route?.permission) throw new Error(`no registered route for ${method} ${path}`);
  return route.permission;
}

/** What `caller` must get from a route with this permission: refused with 401, with 403, or let in. */
function expected(caller: Caller, permission: Permission): 401 | 403 | 'in' {
  if (permission === 'public') return 'in';
  // Segment's routes take write keys in Segment's own scheme (HTTP Basic), checked below.
  if (permission === 'segment') return 401;
  if (caller === 'nobody') return 401;
  if (caller === 'writeKey') return permission === 'ingest' ? 'in' : 403;
  if (permission === 'ingest') return caller === 'support' ? 403 : 'in';
  return permission.includes(caller) ? 'in' : 403;
}

const send = (method: string, path: string, caller: Caller) => {
  const call = request(app())[method as 'get'](path).set(headers[caller]);
  return method === 'get' || method === 'delete' ? call : call.send({});
};

/**
 * Spellings of `path` that a router might treat as the same route: other letter cases, percent-encoded
 * letters and slashes, a trailing or doubled slash, and `;` path parameters.
 */
function spellings(path: string): string[] {
  const [, first = '', ...rest] = path.split('/');
  const tail = rest.length > 0 ? `/${rest.join('/')}` : '';
  const encodedLetter = (segment: string) =>
    segment.length > 0 ? `%${segment.charCodeAt(0).toString(16)}${segment.slice(1)}` : segment;
  const variants = [
    path.toUpperCase(),
    `/${first.toUpperCase()}${tail}`,
    `/${first.charAt(0).toUpperCase()}${first.slice(1)}${tail}`,
    `/${encodedLetter(first)}${tail}`,
    `${path}/`,
    `/${first}/${tail}`,
    `//${first}${tail}`,
    `${path};x=1`,
    `/${first};x=1${tail}`,
    rest.length > 0 ? `/${first}%2F${rest.join('/')}` : `${path}%2F`,
    rest.length > 0 ? `/${first}/${encodedLetter(rest.join('/'))}` : `${path}%20`,
    rest.length > 0 ? `/${first}/${rest.join('/').toUpperCase()}` : `${path}.`,
  ];
  return [...new Set(variants)].filter((v) => v !== path);
}

describe('permissions of every route', () => {
  it('registers every route of the contract, each with its permission, and refuses an app that strays', () => {
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.filter((r) => r.permission === undefined)).toEqual([]);
    const missing = ROUTES.filter((op) => !routes.some((r) => r.contract === op));
    expect(missing.map((op) => `${op.method} ${op.path}`)).toEqual([]);
    // A handler added around the contract, or a contract route registered elsewhere, stops the start.
    const bare = express();
    bare.get('/open', (_req, res) => void res.end());
    expect(() => assertRoutesMatchContract(bare, ROUTES)).toThrow(/GET \/open has no permission/);
    const stray = express();
    const elsewhere = { ...API.flows.list, path: '/api/all-flows' };
    stray.use(guardedRouter().on(elsewhere, (_req, res) => void res.end()).router);
    expect(() => assertRoutesMatchContract(stray, ROUTES)).toThrow(/not a route of the API contract/);
  });

  it('answers each caller of each route as its permission says: 401, 403 or let in', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const op of ROUTES) {
      // Ids that exist nowhere: a let-in call answers 400/404 and changes nothing.
      const path = op.path.replace(/:\w+/g, 'no-such-id');
      const permission = permissionOfOperation(op.method, op.path);
      for (const caller of CALLERS) {
        const res = await send(op.method, path, caller);
        const want = expected(caller, permission);
        const got = res.status === 401 || res.status === 403 ? res.status : 'in';
        if (got !== want) wrong.push(`${caller} ${op.method} ${path}: expected ${want}, got ${res.status}`);
        if (got !== 'in') expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        checked++;
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe(ROUTES.length * CALLERS.length);
  });

  it('lets no spelling of a path reach a handler that the canonical path refuses', async () => {
    const leaks: string[] = [];
    let tried = 0;
    for (const op of ROUTES) {
      const path = op.path.replace(/:\w+/g, 'no-such-id');
      const permission = permissionOfOperation(op.method, op.path);
      for (const caller of CALLERS) {
        if (expected(caller, permission) === 'in') continue;
        for (const variant of spellings(path)) {
          entered.length = 0;
          const res = await send(op.method, variant, caller);
          tried++;
          // The only handlers a refused caller may reach are public ones (the editor's page, a 404).
          const reached = entered.filter((e) => {
            const route = routes.find((r) => `${r.method.toUpperCase()} ${r.path}` === e);
            // Segment routes let everyone past their guard and check the write key themselves.
            return route === undefined || (route.permission !== 'public' && route.permission !== 'segment');
          });
          const answeredByHandler = res.status < 400 && !/text\/html/.test(res.headers['content-type'] ?? '');
          if (reached.length > 0 || answeredByHandler) {
            leaks.push(
              `${caller} ${op.method.toUpperCase()} ${variant}: ${res.status} via ${reached.join(', ')}`,
            );
          }
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(tried).toBeGreaterThan(1000);
  });

  it('closes the spellings an outside probe found open', async () => {
    for (const path of [
      '/API/users',
      '/Api/tokens',
      '/API/contacts/export.csv',
      '/ADMIN/queues/api/queues',
    ]) {
      const res = await request(app()).get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    await request(app()).post('/API/tokens').send({ name: 'x', role: 'admin' }).expect(404);
    await request(app())
      .post('/API/users')
      .send({ email: 'evil@example.com', password: 'long enough password', role: 'admin' })
      .expect(404);
    expect((await t().store.access.listTokens()).some((tk) => tk.name === 'x')).toBe(false);
    expect(await t().store.access.findUserByEmail('evil@example.com')).toBeUndefined();
  });

  it('refuses a cookie-authenticated write without its CSRF token in any spelling', async () => {
    const { hashPassword } = await import('./secrets.js');
    const email = 'csrf@example.com';
    await t().store.access.createUser({
      email,
      role: 'marketer',
      passwordHash: await hashPassword('a long password 1'),
    });
    const login = await request(app())
      .post('/api/auth/login')
      .send({ email, password: 'a long password 1' })
      .expect(200);
    const cookie = String(login.headers['set-cookie']).split(';')[0] as string;
    const before = (await t().store.flows.list()).length;
    for (const path of [
      '/api/flows',
      '/API/flows',
      '/api/Flows',
      '/api/flows/',
      '/api//flows',
      '/api/%66lows',
    ]) {
      const res = await request(app()).post(path).set('cookie', cookie).send({ name: 'no csrf' });
      expect([403, 404], path).toContain(res.status);
    }
    expect((await t().store.flows.list()).length).toBe(before);
    await request(app())
      .post('/api/flows')
      .set('cookie', cookie)
      .set('x-csrf-token', login.body.csrfToken)
      .send({ name: 'with csrf' })
      .expect(201);
  });

  it('keeps the queue dashboard for admins', async () => {
    await request(app()).get('/admin/queues').expect(401);
    await request(app()).get('/admin/queues').set(headers.support).expect(403);
    await request(app()).get('/admin/queues').set(headers.admin).expect(200);
    for (const path of [
      '/admin/queues/api/queues',
      '/admin/queues/API/queues',
      '/admin/queues//api/queues',
    ]) {
      await request(app()).get(path).set(headers.marketer).expect(403);
      await request(app()).get(path).expect(401);
    }
    for (const path of [
      '/ADMIN/queues/api/queues',
      '/admin/Queues/api/queues',
      '/%61dmin/queues/api/queues',
    ]) {
      const res = await request(app()).get(path);
      expect(res.status, path).toBe(404);
    }
  });

  it('lets a managed write key ingest through /api/events and Segment, and nothing else', async () => {
    const event = { type: 'email.clicked', contact: { email: 'wk@example.com' } };
    await request(app()).post('/api/events').set(headers.writeKey).send(event).expect(202);
    await request(app())
      .post('/v1/track')
      .set('authorization', `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`)
      .send({ event: 'Clicked', userId: 'u-wk', messageId: 'm-wk-1' })
      .expect(200);
    await request(app()).get('/api/contacts').set(headers.writeKey).expect(403);
    await request(app()).post('/api/flows').set(headers.writeKey).send({ name: 'x' }).expect(403);
  });

  it('refuses a revoked token', async () => {
    const token = newSecret('sf_');
    const record = await t().store.access.createToken({
      name: 'soon gone',
      hash: hashSecret(token),
      role: 'admin',
    });
    await request(app()).get('/api/flows').set('authorization', `Bearer ${token}`).expect(200);
    await request(app()).delete(`/api/tokens/${record.id}`).set(headers.admin).expect(204);
    await request(app()).get('/api/flows').set('authorization', `Bearer ${token}`).expect(401);
  });

  it('ignores credentials on public routes, so a stale token never fails a health check', async () => {
    for (let i = 0; i < 30; i++) {
      await request(app()).get('/healthz').set('authorization', 'Bearer sf_stale').expect(200);
    }
  });
});
