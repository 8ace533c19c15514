import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync, gzipSync } from 'node:zlib';
import RudderAnalytics from '@rudderstack/rudder-sdk-node';
import { activateFlow, createTestRuntime, flows, type TestRuntime } from '@scoreflow/runtime/testing';
import { sql } from '@scoreflow/store';
import { Analytics } from '@segment/analytics-node';
import type { Express } from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { segmentEventId, segmentEventType } from '../integrations/segment.js';
import { tokenHeaders } from '../testing.js';

const WRITE_KEY = 'wk_test_123';
let t: TestRuntime;
let app: Express;
let server: Server;
let host: string;
/** The headers of every request the app received, in order: what the clients put on the wire. */
let seen: IncomingHttpHeaders[];

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
  seen = [];
  server.prependListener('request', (req) => seen.push(req.headers));
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

const countEvents = async (type: string) => {
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM events WHERE type = ${type}`.execute(
    t.store.db,
  );
  return Number(rows[0]?.n);
};

describe('Segment HTTP Tracking API with the official analytics-node client', () => {
  it('identify sets attributes (firing attribute-changed flows) and track becomes a Scoreflow event', async () => {
    await activateFlow(t.store, flows.points('order_completed', 25));
    await activateFlow(t.store, {
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
      async () =>
        (await t.store.events.listPending()).length === 0 && (await countEvents('order_completed')) === 1,
      'events',
    );
    const contact = await t.store.contacts.findByExternalId('user-42');
    expect(contact).toMatchObject({
      email: 'grace@example.com',
      attributes: { plan: 'pro', company: { name: 'Acme' } },
    });
    expect(await t.store.scores.get(contact?.id ?? '', 'SCORE')).toBe(25);
    expect(await t.store.tags.list(contact?.id ?? '')).toEqual(['plan-changed']);
  });

  it('a batch of 1,000 events arrives exactly once, even when the client sends it all again', async () => {
    await activateFlow(t.store, flows.points('page', 1));
    const { analytics, bodies } = client();
    for (let i = 0; i < 1000; i++) {
      analytics.page({ userId: `u${i % 10}`, name: 'Pricing', properties: { path: '/pricing', i } });
    }
    await analytics.closeAndFlush();
    expect(bodies.length).toBeGreaterThanOrEqual(10);
    // A thousand events of ten contacts take their turns per contact: on a slow machine with PostgreSQL
    // that is well over the default wait, and how long it takes is the bench's business, not this test's.
    await t.until(
      async () => (await countEvents('page')) === 1000 && (await t.store.events.listPending()).length === 0,
      '1000 events',
      150_000,
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
    expect(await countEvents('page')).toBe(1000);
    let total = 0;
    for (let i = 0; i < 10; i++) {
      const contact = await t.store.contacts.findByExternalId(`u${i}`);
      total += (await t.store.scores.get(contact?.id ?? '', 'SCORE')) ?? 0;
    }
    expect(total).toBe(1000);
  }, 180_000);

  it('keeps a visitor’s page views until it identifies, then scores them once with their own times', async () => {
    await activateFlow(t.store, flows.points('page', 5));
    const { analytics, bodies, statuses } = client();
    const anonymousId = 'ajs-anon-5f2c';
    const times = [3, 2, 1].map((days) => new Date(Date.now() - days * 86_400_000));
    for (const [i, timestamp] of times.entries()) {
      analytics.page({ anonymousId, name: 'Pricing', properties: { path: `/pricing/${i}` }, timestamp });
    }
    await analytics.closeAndFlush();
    expect(statuses).toEqual([200]);
    expect(await t.store.anonymousEvents.listForVisitor(anonymousId)).toHaveLength(3);
    expect(await t.store.contacts.list()).toEqual([]);

    const identify = {
      type: 'identify',
      messageId: 'identify-1',
      anonymousId,
      traits: { email: 'ida@example.com' },
    };
    const first = await request(app).post('/v1/identify').auth(WRITE_KEY, '').send(identify).expect(200);
    expect(first.body).toMatchObject({ accepted: 1, rejected: [] });
    await t.until(async () => (await t.store.events.listPending()).length === 0, 'the identify');
    const contact = await t.store.contacts.findByEmail('ida@example.com');
    // The contact's page lists them like any of its events.
    const listed = await request(app)
      .get(`/api/contacts/${contact?.id}/events`)
      .set(await tokenHeaders(t.store))
      .expect(200);
    const pages = (listed.body.items as { type: string; occurredAt: string; status: string }[]).filter(
      (e) => e.type === 'page',
    );
    expect(pages.map((e) => e.occurredAt).reverse()).toEqual(times.map((d) => d.toISOString()));
    expect(pages.every((e) => e.status === 'processed')).toBe(true);
    expect(await t.store.scores.get(contact?.id ?? '', 'SCORE')).toBe(15);
    const ledger = (await t.store.ledger.listForContact(contact?.id ?? '')).reverse();
    expect(ledger.map((row) => row.value)).toEqual([5, 10, 15]);
    const ledgerEvents = [];
    for (const row of ledger) ledgerEvents.push(await t.store.events.get(row.eventId ?? ''));
    expect(ledgerEvents.map((e) => e?.occurredAt)).toEqual(times.map((d) => d.toISOString()));

    // The identify sent again, another identify of the visitor, and the page views replayed.
    await request(app).post('/v1/identify').auth(WRITE_KEY, '').send(identify).expect(200);
    await request(app)
      .post('/v1/identify')
      .auth(WRITE_KEY, '')
      .send({ ...identify, messageId: 'identify-2' })
      .expect(200);
    for (const body of bodies) {
      const replay = await post('/v1/batch', body, { 'content-type': 'application/json' });
      expect(await replay.json()).toMatchObject({ accepted: 0, duplicates: 3, rejected: [] });
    }
    await t.until(async () => (await t.store.events.listPending()).length === 0, 'the second identify');
    expect(await t.store.scores.get(contact?.id ?? '', 'SCORE')).toBe(15);
    expect(await t.store.ledger.listForContact(contact?.id ?? '')).toHaveLength(3);
    expect(await countEvents('page')).toBe(3);
    expect(await t.store.anonymousEvents.listForVisitor(anonymousId)).toEqual([]);
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
    expect(await countEvents('signed_up')).toBe(1);
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
          { type: 'identify', messageId: 'm-2', anonymousId: 'anon-1', traits: { plan: 'pro' } },
          { type: 'track', messageId: 'm-3', userId: 'u1', event: 'Big', properties: big.properties },
          { type: 'identify', messageId: 'id with spaces', userId: 'u1', traits: { email: 'a@b.example' } },
          { type: 'nonsense', userId: 'u1' },
        ],
      })
      .expect(200);
    expect(res.body).toMatchObject({ success: true, accepted: 2, duplicates: 0 });
    expect(res.body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 2, 4]);
    expect(res.body.rejected[0].message).toMatch(/anonymous/);
    expect(await t.store.events.get('seg-m-1')).toBeDefined();
    expect(await t.store.events.get(segmentEventId('id with spaces'))).toBeDefined();
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
    expect(await countEvents('signed_up')).toBe(1);
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

const post = (path: string, body: Buffer | string, headers: Record<string, string>) =>
  fetch(`${host}${path}`, {
    method: 'POST',
    body,
    headers: { authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`, ...headers },
  });

// Defaults, because that is what a source runs with: only the URL is pointed at Scoreflow. What each
// sends is written down in docs/integrations.md § "Tested clients".
describe('real SDKs on their default settings', () => {
  it('RudderStack Node SDK: gzip batches declared as a form are read as JSON', async () => {
    const rudder = new RudderAnalytics(WRITE_KEY, { dataPlaneUrl: host });
    rudder.identify({ userId: 'r-1', traits: { email: 'ada@example.com', plan: 'pro' } });
    rudder.track({ userId: 'r-1', event: 'Order Completed', properties: { amount: 40 } });
    rudder.page({ userId: 'r-1', name: 'Pricing' });
    await rudder.flush();
    await rudder.flush();

    expect(seen.length).toBeGreaterThan(0);
    for (const headers of seen) {
      expect(headers['content-encoding']).toBe('gzip');
      expect(headers['content-type']).toBe('application/x-www-form-urlencoded');
    }
    await t.until(
      async () =>
        (await countEvents('order_completed')) === 1 && (await t.store.events.listPending()).length === 0,
      'rudder events',
    );
    expect(await countEvents('page')).toBe(1);
    expect(await t.store.contacts.findByExternalId('r-1')).toMatchObject({
      email: 'ada@example.com',
      attributes: { plan: 'pro' },
    });
  });

  it('Segment analytics-node: JSON batches, write key as Basic user and in the body', async () => {
    const analytics = new Analytics({ writeKey: WRITE_KEY, host });
    const statuses: number[] = [];
    analytics.on('http_response', (r) => statuses.push(r.status));
    analytics.identify({ userId: 's-1', traits: { email: 'grace@example.com' } });
    analytics.track({ userId: 's-1', event: 'Signed Up' });
    await analytics.closeAndFlush();

    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(seen.every((h) => h['content-type'] === 'application/json')).toBe(true);
    // The identify and the track are processed side by side: wait for both, not just the track.
    await t.until(
      async () => (await countEvents('signed_up')) === 1 && (await t.store.events.listPending()).length === 0,
      'segment events',
    );
    expect((await t.store.contacts.findByExternalId('s-1'))?.email).toBe('grace@example.com');
  });
});

describe('bodies of the /v1 routes', () => {
  const track = (id: string) => JSON.stringify({ userId: 'u-1', event: 'Body Read', messageId: id });

  it('reads gzip and deflate bodies and JSON under any declared type', async () => {
    const cases: [Buffer | string, Record<string, string>][] = [
      [gzipSync(track('b-1')), { 'content-encoding': 'gzip', 'content-type': 'application/json' }],
      [deflateSync(track('b-2')), { 'content-encoding': 'deflate', 'content-type': 'text/plain' }],
      [track('b-3'), { 'content-type': 'text/plain;charset=UTF-8' }],
      [track('b-4'), { 'content-type': 'application/x-www-form-urlencoded' }],
      [gzipSync(track('b-5')), { 'content-encoding': 'gzip' }],
    ];
    for (const [body, headers] of cases) {
      const res = await post('/v1/track', body, headers);
      expect(res.status, JSON.stringify(headers)).toBe(200);
    }
    const batch = JSON.stringify({ batch: [JSON.parse(track('b-6'))].map((m) => ({ ...m, type: 'track' })) });
    const res = await post('/v1/batch', gzipSync(batch), {
      'content-encoding': 'gzip',
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(await res.json()).toMatchObject({ success: true, accepted: 1 });
    expect(await countEvents('body_read')).toBe(6);
  });

  it('answers what it cannot read with a problem that says why', async () => {
    const problem = async (res: Response) => {
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      return (await res.json()) as { status: number; detail: string };
    };
    const form = await post('/v1/batch', 'batch=1&writeKey=x', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(400);
    expect((await problem(form)).detail).toMatch(
      /not valid JSON.*sent as application\/x-www-form-urlencoded.*every body as JSON/,
    );

    const empty = await post('/v1/batch', '', { 'content-type': 'application/json' });
    expect(empty.status).toBe(400);
    expect((await problem(empty)).detail).toMatch(/empty/);

    const cut = gzipSync(track('c-1')).subarray(0, 20);
    const truncated = await post('/v1/track', cut, { 'content-encoding': 'gzip' });
    expect(truncated.status).toBe(400);
    expect((await problem(truncated)).detail).toMatch(/gzip/);

    const notGzip = await post('/v1/track', track('c-2'), { 'content-encoding': 'gzip' });
    expect(notGzip.status).toBe(400);
    expect((await problem(notGzip)).detail).toMatch(/not valid gzip/);

    const compress = await post('/v1/track', track('c-3'), { 'content-encoding': 'compress' });
    expect(compress.status).toBe(415);
    expect((await problem(compress)).detail).toMatch(/compress/);

    const latin1 = await post('/v1/track', track('c-4'), { 'content-type': 'text/plain; charset=latin1' });
    expect(latin1.status).toBe(415);
    expect((await problem(latin1)).detail).toMatch(/UTF-8/);
    expect(await countEvents('body_read')).toBe(0);
  });
});
