import { createRunControl } from '@scoreflow/runtime';
import { createTestRuntime, type TestRuntime } from '@scoreflow/runtime/testing';
import type { Role } from '@scoreflow/store';
import type { Express } from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { OPERATIONS } from '../routes/openapiOperations.js';
import { tokenHeaders } from '../testing.js';
import { permissionFor, ruleFor } from './permissions.js';
import { hashSecret, newSecret } from './secrets.js';

type Caller = 'nobody' | Role | 'writeKey';
const CALLERS: Caller[] = ['nobody', 'admin', 'marketer', 'support', 'writeKey'];

let t: TestRuntime;
let app: Express;
const headers: Record<Caller, Record<string, string>> = {
  nobody: {},
  admin: {},
  marketer: {},
  support: {},
  writeKey: {},
};
let writeKey: string;

beforeAll(async () => {
  t = await createTestRuntime();
  app = createApp({
    store: t.store,
    logger: pino({ level: 'silent' }),
    ingest: t.ingest,
    runControl: createRunControl({ store: t.store, queues: t.runtime.queues }),
    queues: t.runtime.queues,
  });
  for (const role of ['admin', 'marketer', 'support'] as const) headers[role] = tokenHeaders(t.store, role);
  writeKey = newSecret('wk_');
  t.store.access.createWriteKey({ name: 'site', hash: hashSecret(writeKey) });
  headers.writeKey = { authorization: `Bearer ${writeKey}` };
});
afterAll(async () => {
  await t.close();
});

/** What `caller` must get from a route with this permission: refused with 401, with 403, or let in. */
function expected(caller: Caller, method: string, path: string): 401 | 403 | 'in' {
  const permission = permissionFor(method, path);
  if (permission === 'public') return 'in';
  // Segment's routes take write keys in Segment's own scheme (HTTP Basic), checked below.
  if (permission === 'segment') return 401;
  if (caller === 'nobody') return 401;
  if (caller === 'writeKey') return permission === 'ingest' ? 'in' : 403;
  if (permission === 'ingest') return caller === 'support' ? 403 : 'in';
  return permission.includes(caller) ? 'in' : 403;
}

describe('permissions of every route', () => {
  it('has an explicit rule for every documented operation', () => {
    const missing = OPERATIONS.filter((op) => !ruleFor(op.method, op.path.replace(/:\w+/g, 'x')));
    expect(missing.map((op) => `${op.method} ${op.path}`)).toEqual([]);
  });

  it('answers each caller of each route as the table says: 401, 403 or let in', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const op of OPERATIONS) {
      // Ids that exist nowhere: a let-in call answers 400/404 and changes nothing.
      const path = op.path.replace(/:\w+/g, 'no-such-id');
      for (const caller of CALLERS) {
        const call = request(app)[op.method](path).set(headers[caller]);
        const res = op.method === 'get' || op.method === 'delete' ? await call : await call.send({});
        const want = expected(caller, op.method, path);
        const got = res.status === 401 || res.status === 403 ? res.status : 'in';
        if (got !== want) wrong.push(`${caller} ${op.method} ${path}: expected ${want}, got ${res.status}`);
        if (got !== 'in') expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        checked++;
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe(OPERATIONS.length * CALLERS.length);
  });

  it('keeps the queue dashboard for admins', async () => {
    await request(app).get('/admin/queues').expect(401);
    await request(app).get('/admin/queues').set(headers.support).expect(403);
    await request(app).get('/admin/queues').set(headers.admin).expect(200);
  });

  it('lets a managed write key ingest through /api/events and Segment, and nothing else', async () => {
    const event = { type: 'email.clicked', contact: { email: 'wk@example.com' } };
    await request(app).post('/api/events').set(headers.writeKey).send(event).expect(202);
    await request(app)
      .post('/v1/track')
      .set('authorization', `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`)
      .send({ event: 'Clicked', userId: 'u-wk', messageId: 'm-wk-1' })
      .expect(200);
    await request(app).get('/api/contacts').set(headers.writeKey).expect(403);
    await request(app).post('/api/flows').set(headers.writeKey).send({ name: 'x' }).expect(403);
  });

  it('refuses a revoked token', async () => {
    const token = newSecret('sf_');
    const record = t.store.access.createToken({ name: 'soon gone', hash: hashSecret(token), role: 'admin' });
    await request(app).get('/api/flows').set('authorization', `Bearer ${token}`).expect(200);
    await request(app).delete(`/api/tokens/${record.id}`).set(headers.admin).expect(204);
    await request(app).get('/api/flows').set('authorization', `Bearer ${token}`).expect(401);
  });
});
