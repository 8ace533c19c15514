import { PassThrough } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { createTestApp } from '../testing.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let lines: { reqId?: string; req?: { id?: string; url?: string } }[];
let app: ReturnType<typeof createApp>;

beforeEach(async () => {
  ctx = await createTestApp();
  lines = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => {
    for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l));
  });
  app = createApp({ store: ctx.store, logger: pino({ level: 'info' }, stream) });
});
afterEach(() => ctx.cleanup());

const logged = async () => {
  await new Promise((resolve) => setImmediate(resolve));
  return lines;
};

describe('request ids', () => {
  it('answers a generated id in x-request-id and logs the request under it', async () => {
    const res = await request(app).get('/readyz').expect(200);
    const id = res.headers['x-request-id'];
    expect(id).toMatch(UUID);
    expect((await logged()).find((l) => l.req?.url === '/readyz')?.req?.id).toBe(id);
    const other = await request(app).get('/readyz');
    expect(other.headers['x-request-id']).not.toBe(id);
  });

  it("keeps a proxy's well-formed id and replaces one that is not", async () => {
    const proxied = 'Root=1-67891233-abcdef012345678912345678';
    const kept = await request(app).get('/readyz').set('x-request-id', proxied);
    expect(kept.headers['x-request-id']).toBe(proxied);
    for (const bad of ['', 'two words', 'x'.repeat(129), 'a"b', '-leading-dash', 'é']) {
      const res = await request(app).get('/readyz').set('x-request-id', bad);
      expect(res.headers['x-request-id'], JSON.stringify(bad)).toMatch(UUID);
    }
  });

  it('puts the id in every problem body, beside instance', async () => {
    const unauthorized = await request(app)
      .get('/api/flows')
      .set('x-request-id', 'support-case-42')
      .expect(401);
    expect(unauthorized.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(unauthorized.body).toMatchObject({ instance: '/api/flows', requestId: 'support-case-42' });

    const missing = await request(ctx.app).get('/api/flows/no-such-flow').expect(404);
    expect(missing.body.requestId).toBe(missing.headers['x-request-id']);
    expect(missing.body.requestId).toMatch(UUID);

    const invalid = await request(ctx.app).post('/api/flows').send({ name: 5 }).expect(400);
    expect(invalid.body.requestId).toBe(invalid.headers['x-request-id']);
  });
});
