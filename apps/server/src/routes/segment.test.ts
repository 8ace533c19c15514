import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { activateFlow, createTestRuntime, flows, type TestRuntime } from '@scoreflow/runtime/testing';
import { Analytics } from '@segment/analytics-node';
import type { Express } from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { segmentEventId, segmentEventType } from '../integrations/segment.js';

const WRITE_KEY = 'wk_test_123';
let t: TestRuntime;
let app: Express;
let server: Server;
let host: string;

beforeEach(async () => {
  // The official client stamps every message with the real time, which must be inside the timestamp
  // window as the server's clock sees it: this runtime runs on the real clock.
  t = await createTestRuntime({ now: Date.now });
  await t.runtime.start();
  app = createApp({
    store: t.store,
    logger: pino({ level: 'silent' }),
    ingest: t.ingest,
    segmentWriteKeys: ['other-key', WRITE_KEY],
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

/** The official client pointed at Scoreflow; `bodies` records what it sent, to replay it. */
function client(writeKey = WRITE_KEY) {
  const analytics = new Analytics({ writeKey, host, flushAt: 100, flushInterval: 20, maxRetries: 0 });
  const bodies: string[] = [];
  const statuses: number[] = [];
  analytics.on('http_request', (r) => bodies.push(r.body));
  analytics.on('http_response', (r) => statuses.push(r.status));
  return { analytics, bodies, statuses };
}

const countEvents = (type: string) =>
  (t.store.db.prepare('SELECT count(*) AS n FROM events WHERE type = ?').get(type) as { n: number }).n;

describe('Segment HTTP Tracking API with the official analytics-node client', () => {
  it('identify sets attributes (firing attribute-changed flows) and track becomes a Scoreflow event', async () => {
    activateFlow(t.store, flows.points('order_completed', 25));
    activateFlow(t.store, {
      schemaVersion: 1,
      settings: { name: 'Plan changed', reentry: { mode: 'always' } },
      nodes: [
        {
          id: 't',
          type: 'trigger.attributeChanged',
          position: { x: 0, y: 0 },
          config: { attribute: 'plan' },
        },
        { id: 'a', type: 'action.addTag', position: { x: 0, y: 1 }, config: { tag: 'plan-changed' } },
      ],
      edges: [{ id: 'e', source: 't', target: 'a' }],
    });
    const { analytics, statuses } = client();
    analytics.identify({
      userId: 'user-42',
      traits: { email: 'Grace@Example.com', plan: 'pro', company: { name: 'Acme' } },
    });
    analytics.track({ userId: 'user-42', event: 'Order Completed', properties: { revenue: 99 } });
    await analytics.closeAndFlush();
    expect(statuses.every((s) => s === 200)).toBe(true);

    await t.until(
      () => t.store.events.listPending().length === 0 && countEvents('order_completed') === 1,
      'events',
    );
    const contact = t.store.contacts.findByExternalId('user-42');
    expect(contact).toMatchObject({
      email: 'grace@example.com',
      attributes: { plan: 'pro', company: { name: 'Acme' } },
    });
    expect(t.store.scores.get(contact?.id ?? '', 'SCORE')).toBe(25);
    expect(t.store.tags.list(contact?.id ?? '')).toEqual(['plan-changed']);
  });

  it('a batch of 1,000 events arrives exactly once, even when the client sends it all again', async () => {
    activateFlow(t.store, flows.points('page', 1));
    const { analytics, bodies } = client();
    for (let i = 0; i < 1000; i++) {
      analytics.page({ userId: `u${i % 10}`, name: 'Pricing', properties: { path: '/pricing', i } });
    }
    await analytics.closeAndFlush();
    expect(bodies.length).toBeGreaterThanOrEqual(10);
    await t.until(
      () => countEvents('page') === 1000 && t.store.events.listPending().length === 0,
      '1000 events',
    );

    // A source that retries (network cut after we stored the batch) sends the same messageIds again.
    for (const body of bodies) {
      const res = await request(app)
        .post('/v1/batch')
        .auth(WRITE_KEY, '')
        .set('content-type', 'application/json')
        .send(body)
        .expect(200);
      expect(res.body).toMatchObject({ success: true, accepted: 0, rejected: [] });
    }
    expect(countEvents('page')).toBe(1000);
    const total = [...Array(10).keys()].reduce(
      (sum, i) =>
        sum + (t.store.scores.get(t.store.contacts.findByExternalId(`u${i}`)?.id ?? '', 'SCORE') ?? 0),
      0,
    );
    expect(total).toBe(1000);
  });
});

describe('Segment HTTP API by hand', () => {
  it('refuses a wrong or missing write key with 401 and stores nothing', async () => {
    const call = { userId: 'u1', event: 'Signed Up' };
    await request(app).post('/v1/track').send(call).expect(401);
    await request(app).post('/v1/track').auth('nope', '').send(call).expect(401);
    await request(app)
      .post('/v1/track')
      .send({ ...call, writeKey: WRITE_KEY })
      .expect(200);
    expect(countEvents('signed_up')).toBe(1);
  });

  it('takes 32 KB per call and 500 KB per batch; a bad message never fails the batch', async () => {
    const big = { userId: 'u1', event: 'Big', properties: { blob: 'x'.repeat(33 * 1024) } };
    await request(app).post('/v1/track').auth(WRITE_KEY, '').send(big).expect(413);
    const tooBig = {
      batch: Array.from({ length: 20 }, () => ({
        type: 'track',
        userId: 'u',
        event: 'e',
        properties: { b: 'x'.repeat(30_000) },
      })),
    };
    await request(app).post('/v1/batch').auth(WRITE_KEY, '').send(tooBig).expect(413);
    const res = await request(app)
      .post('/v1/batch')
      .auth(WRITE_KEY, '')
      .send({
        batch: [
          { type: 'track', messageId: 'm-1', userId: 'u1', event: 'Signed Up' },
          { type: 'track', messageId: 'm-2', anonymousId: 'anon-1', event: 'Signed Up' },
          { type: 'track', messageId: 'm-3', userId: 'u1', event: 'Big', properties: big.properties },
          { type: 'identify', messageId: 'id with spaces', userId: 'u1', traits: { email: 'a@b.example' } },
          { type: 'nonsense', userId: 'u1' },
        ],
      })
      .expect(200);
    expect(res.body).toMatchObject({ success: true, accepted: 2, duplicates: 0 });
    expect(res.body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 2, 4]);
    expect(res.body.rejected[0].message).toMatch(/anonymous/);
    expect(t.store.events.get('seg-m-1')).toBeDefined();
    expect(t.store.events.get(segmentEventId('id with spaces'))).toBeDefined();
  });

  it('refuses a call whose timestamp is outside the window with 400 and a pointer to the field', async () => {
    const track = { userId: 'u1', event: 'Signed Up' };
    for (const [field, value] of [
      ['timestamp', 9e15],
      ['timestamp', '2100-01-01T00:00:00.000Z'],
      ['originalTimestamp', -9e15],
    ] as const) {
      const res = await request(app)
        .post('/v1/track')
        .auth(WRITE_KEY, '')
        .send({ ...track, [field]: value })
        .expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual([
        expect.objectContaining({
          pointer: `/${field}`,
          message: expect.stringMatching(/2000-01-01.*24 hours/),
        }),
      ]);
    }
    const batch = await request(app)
      .post('/v1/batch')
      .auth(WRITE_KEY, '')
      .send({
        batch: [
          { type: 'track', messageId: 'ok-1', ...track },
          { type: 'track', messageId: 'late-1', ...track, timestamp: 9e15 },
        ],
      })
      .expect(200);
    expect(batch.body).toMatchObject({ accepted: 1, rejected: [{ index: 1, id: 'seg-late-1' }] });
    expect(batch.body.rejected[0].errors).toEqual([expect.objectContaining({ pointer: '/timestamp' })]);
    expect(countEvents('signed_up')).toBe(1);
  });

  it('maps ids and names deterministically', () => {
    expect(segmentEventType('Order Completed')).toBe('order_completed');
    expect(segmentEventType('  Viewed: Pricing Page!! ')).toBe('viewed_pricing_page');
    expect(segmentEventType('email.clicked')).toBe('email.clicked');
    expect(segmentEventId('ajs-next-1a2b')).toBe('seg-ajs-next-1a2b');
    expect(segmentEventId('a:b')).toBe(segmentEventId('a:b'));
    expect(segmentEventId('a:b')).toMatch(/^segh-[\w-]{43}$/);
    expect(segmentEventId('a:b')).not.toBe(segmentEventId('a;b'));
  });
});
