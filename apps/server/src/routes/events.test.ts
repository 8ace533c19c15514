import { activateFlow, flows } from '@scoreflow/runtime/testing';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { tokenHeaders, useTestApp } from '../testing.js';

const { app, bare, runtime: t } = useTestApp({ runtime: true });

const event = (extra: Record<string, unknown> = {}) => ({
  type: 'email.clicked',
  contact: { email: 'Ada@Example.com' },
  properties: { link: 'https://example.com/pricing' },
  ...extra,
});

describe('POST /api/events', () => {
  it('accepts an event once it is durable, gives it an id, creates the contact and runs matching flows', async () => {
    await activateFlow(t().store, flows.points('email.clicked', 10));
    const res = await request(app()).post('/api/events').send(event()).expect(202);
    expect(res.body).toMatchObject({ status: 'accepted', id: expect.any(String) });
    expect(await t().store.events.get(res.body.id)).toBeDefined();

    await t().until(
      async () => (await t().store.events.get(res.body.id))?.status === 'processed',
      'the event to be processed',
    );
    const contacts = await request(app())
      .get('/api/contacts')
      .query({ email: 'ada@example.com' })
      .expect(200);
    expect(contacts.body.items).toHaveLength(1);
    const contactId = contacts.body.items[0].id;
    const contact = await request(app()).get(`/api/contacts/${contactId}`).expect(200);
    expect(contact.body).toMatchObject({
      email: 'ada@example.com',
      scores: { SCORE: 10 },
      tags: [],
      // SCORE 10 is in the "new" band (< 20), kept as a list so bands work as segments.
      lists: ['Engagement: neutral', 'SCORE: new'],
      // One click: engagement 3 points (neutral); the contact's first day is no return, so frequency
      // stays at its 1 % floor.
      engagement: { level: 'neutral', points: 3, counts: { clicks30: 1, opens30: 0 } },
      actionScore: { score: 1, exact: 1, parts: { recency: 1, frequency: 1, monetary: 1, social: 1 } },
    });

    const ledger = await request(app()).get(`/api/contacts/${contactId}/ledger`).expect(200);
    expect(ledger.body.items).toEqual([
      expect.objectContaining({
        score: 'SCORE',
        delta: 10,
        value: 10,
        causeKind: 'flow',
        eventId: res.body.id,
      }),
    ]);
    const runs = await request(app()).get('/api/runs').query({ contactId }).expect(200);
    expect(runs.body).toMatchObject({ total: 1, items: [expect.objectContaining({ status: 'completed' })] });
    const run = await request(app()).get(`/api/runs/${runs.body.items[0].id}`).expect(200);
    expect(run.body.steps.map((s: { nodeId: string }) => s.nodeId)).toEqual(['t', 'a']);
  });

  it('offers the tags and lists in use, with their member counts', async () => {
    await activateFlow(
      t().store,
      flows.chain(
        'tagger',
        ['trigger.event', { event: 'email.clicked' }],
        ['action.addTag', { tag: 'clicker' }],
      ),
    );
    await t().send(event(), event({ contact: { email: 'bo@example.com' } }));
    const tags = await request(app()).get('/api/tags').expect(200);
    expect(tags.body.items).toEqual([{ name: 'clicker', contacts: 2 }]);
    const lists = await request(app()).get('/api/lists').expect(200);
    expect(lists.body.items).toContainEqual({ name: 'Engagement: neutral', contacts: 2 });
  });

  it('runs the same event id once: sent 50 times in parallel, and again after its job was removed', async () => {
    await activateFlow(t().store, flows.points('email.clicked', 10));
    const id = 'evt-2026-11-25-0001';
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => request(app()).post('/api/events').send(event({ id }))),
    );
    const statuses = answers.map((a) => a.body.status);
    expect(answers.every((a) => a.status === 202)).toBe(true);
    expect(statuses.filter((s) => s === 'accepted')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(49);
    await t().until(
      async () => (await t().store.events.get(id))?.status === 'processed',
      'the event to be processed',
    );

    await t().runtime.queues.events.obliterate({ force: true });
    const again = await request(app()).post('/api/events').send(event({ id })).expect(202);
    expect(again.body.status).toBe('duplicate');
    await t().drained();

    const contactId = (await t().store.contacts.findByEmail('ada@example.com'))?.id ?? '';
    expect(await t().store.runs.count({ contactId })).toBe(1);
    expect(await t().store.scores.get(contactId, 'SCORE')).toBe(10);
  });

  it('rejects an invalid event with 400 problem+json naming every problem', async () => {
    const res = await request(app())
      .post('/api/events')
      .send({ type: '', contact: {}, timestamp: 'yesterday', id: 'a:b' })
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const pointers = [...new Set(res.body.errors.map((e: { pointer: string }) => e.pointer))].sort();
    expect(pointers).toEqual(['/contact', '/id', '/timestamp', '/type']);
  });

  // The test clock reads 2026-01-01T00:00:00Z: the window is 2000-01-01 to 2026-01-02T00:00:00Z.
  it.each([
    ['beyond what a date can hold', 9e15],
    ['before what a date can hold', -9e15],
    ['in the year 2100', '2100-01-01T00:00:00Z'],
    ['two days ahead', Date.UTC(2026, 0, 3)],
    ['in epoch seconds (January 1970)', Date.UTC(2025, 11, 31) / 1000],
    ['in the last century', '1999-12-31T23:59:59Z'],
  ])('refuses a timestamp %s with 400 and a pointer to it, storing nothing', async (_, timestamp) => {
    const res = await request(app()).post('/api/events').send(event({ timestamp })).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        pointer: '/timestamp',
        message: expect.stringMatching(/2000-01-01.*24 hours/),
      }),
    ]);
    expect(await t().store.events.listPending()).toEqual([]);
  });

  it('takes a timestamp up to 24 hours ahead of its receipt', async () => {
    const timestamp = new Date(t().clock.now() + 24 * 3_600_000).toISOString();
    const res = await request(app()).post('/api/events').send(event({ timestamp })).expect(202);
    expect((await t().store.events.get(res.body.id))?.occurredAt).toBe(timestamp);
  });

  it('an event stored with a timestamp no date can hold shows as failed, with why, to support', async () => {
    await t().send(event());
    const contactId = (await t().store.contacts.findByEmail('ada@example.com'))?.id ?? '';
    // As ingestion stored it before it checked timestamps.
    await t().store.events.insert({
      id: 'bad-time',
      type: 'email.clicked',
      payload: { contact: { email: 'ada@example.com' }, properties: {} },
      occurredAt: 9e15,
    });
    await t().runtime.queues.events.add('event', { eventId: 'bad-time' }, { jobId: 'evt-bad-time' });
    await t().send(event());
    await t().until(
      async () => (await t().store.events.get('bad-time'))?.status !== 'pending',
      'the bad event to end',
    );

    const res = await request(bare())
      .get(`/api/contacts/${contactId}/events`)
      .set(await tokenHeaders(t().store, 'support'))
      .expect(200);
    expect(res.body.items.map((e: { status: string }) => e.status).sort()).toEqual([
      'failed',
      'processed',
      'processed',
    ]);
    expect(res.body.items.find((e: { id: string }) => e.id === 'bad-time')).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/timestamp .* must be between/),
    });
  });

  it('takes JSON only and at most 32 KB per event', async () => {
    await request(app()).post('/api/events').type('text').send('hello').expect(415);
    const big = event({ properties: { blob: 'x'.repeat(33 * 1024) } });
    const res = await request(app()).post('/api/events').send(big).expect(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('POST /api/events/batch', () => {
  it('answers per event; one bad event never blocks the others', async () => {
    await activateFlow(t().store, flows.points('email.clicked', 10));
    const res = await request(app())
      .post('/api/events/batch')
      .send({
        events: [
          event({ id: 'b1' }),
          { type: 'email.clicked' },
          event({ id: 'b1' }),
          event({ id: 'b2', properties: { blob: 'x'.repeat(33 * 1024) } }),
          event({ id: 'b3', contact: { externalId: 'crm-42' } }),
        ],
      })
      .expect(202);
    expect(res.body).toMatchObject({ accepted: 2, duplicates: 1, rejected: 2 });
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual([
      'accepted',
      'rejected',
      'duplicate',
      'rejected',
      'accepted',
    ]);
    expect(res.body.results[1].errors[0]).toMatchObject({ pointer: '/contact' });
    expect(res.body.results[3].errors[0].message).toMatch(/32768/);
    await t().until(
      async () => (await t().store.events.get('b3'))?.status === 'processed',
      'the valid events to be processed',
    );
    expect(await t().store.contacts.findByExternalId('crm-42')).toBeDefined();
  });

  it('refuses an event whose timestamp is outside the window, with a pointer into it, and takes the others', async () => {
    const res = await request(app())
      .post('/api/events/batch')
      .send({
        events: [
          event({ id: 'w0' }),
          event({ id: 'w1' }),
          event({ id: 'w2' }),
          event({ id: 'w3', timestamp: 9e15 }),
          event({ id: 'w4' }),
        ],
      })
      .expect(202);
    expect(res.body).toMatchObject({ accepted: 4, rejected: 1 });
    expect(res.body.results[3]).toEqual({
      index: 3,
      id: 'w3',
      status: 'rejected',
      errors: [{ pointer: '/timestamp', message: expect.stringMatching(/2000-01-01.*24 hours/) }],
    });
    expect(await t().store.events.get('w3')).toBeUndefined();
    await t().until(
      async () => (await t().store.events.get('w4'))?.status === 'processed',
      'the valid events to be processed',
    );
  });

  it('takes at most 500 events and 500 KB', async () => {
    const tooMany = { events: Array.from({ length: 501 }, (_, i) => event({ id: `m${i}` })) };
    const res = await request(app()).post('/api/events/batch').send(tooMany).expect(400);
    expect(res.body.errors[0].pointer).toBe('/events');
    const tooBig = {
      events: Array.from({ length: 30 }, () => event({ properties: { blob: 'x'.repeat(20_000) } })),
    };
    await request(app()).post('/api/events/batch').send(tooBig).expect(413);
    expect(await t().store.events.listPending()).toEqual([]);
  });
});
