import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, tokenHeaders } from '../testing.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
beforeEach(async () => {
  ctx = await createTestApp();
});
afterEach(() => ctx.cleanup());

/** The sales-ready method's sheet as a marketer keeps it: asset, stage, score, nothing else. */
const SHEET = [
  'Asset name,Stage,Score',
  'White paper read,consideration,30',
  'Pricing page,Consideration,40',
  'Newsletter,awareness,5',
  'Unsubscribed,awareness,−10',
].join('\n');

async function newModel(body: object = { name: 'Sheet' }) {
  return (await request(ctx.app).post('/api/scoring-models').send(body).expect(201)).body.id as string;
}
const importCsv = (id: string, csv: string) =>
  request(ctx.app).post(`/api/scoring-models/${id}/import.csv`).set('content-type', 'text/csv').send(csv);
const rowsOf = async (id: string) =>
  (await request(ctx.app).get(`/api/scoring-models/${id}`).expect(200)).body.model.rows;

describe("the marketer's scoring sheet", () => {
  it('imports the plain three-column sheet, keeping every row as an unmapped asset', async () => {
    const id = await newModel();
    const res = await importCsv(id, SHEET).expect(200);
    expect(res.body.model.rows).toEqual([
      {
        id: 'white-paper-read',
        asset: 'White paper read',
        event: null,
        filter: null,
        stage: 'consideration',
        points: 30,
        readiness: null,
      },
      expect.objectContaining({ id: 'pricing-page', stage: 'consideration', points: 40, event: null }),
      expect.objectContaining({ id: 'newsletter', points: 5 }),
      expect.objectContaining({ id: 'unsubscribed', points: -10 }),
    ]);
    const lower = await importCsv(id, 'asset,stage,score\nWhite paper read,consideration,30\n').expect(200);
    expect(lower.body.model.rows).toEqual([
      expect.objectContaining({ asset: 'White paper read', points: 30 }),
    ]);

    // Everything besides the missing event is still checked, each problem at its line.
    const bad = await importCsv(
      id,
      'asset,stage,score\n,awareness,5\nDemo,later,5\nWebinar,engagement,ten\n',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      expect.objectContaining({ pointer: '/rows/0/event', line: 2 }),
      expect.objectContaining({ pointer: '/rows/1/stage', line: 3 }),
      expect.objectContaining({ pointer: '/rows/2/points', line: 4 }),
    ]);
    const twice = await importCsv(id, 'Score,Points,asset,stage\n1,1,a,awareness\n').expect(400);
    expect(twice.body.errors).toEqual([expect.objectContaining({ code: 'csv_columns' })]);
    expect(await rowsOf(id)).toHaveLength(1);
  });

  it('offers the event types of the stored events, most frequent first, to every signed-in role', async () => {
    const id = await newModel({
      name: 'Sheet',
      rows: [
        { id: 'pricing', asset: 'Pricing page', event: 'page.viewed', stage: 'consideration', points: 30 },
      ],
    });
    const at = Date.parse('2025-03-01T10:00:00Z');
    let n = 0;
    const store = (type: string, occurredAt: number) =>
      ctx.store.events.insert({ id: `ev-${++n}`, type, occurredAt, payload: { type, properties: {} } });
    for (const day of [0, 1, 2]) await store('page.viewed', at + day * 86_400_000);
    await store('form.submitted', at);
    await store('form.submitted', at + 1000);
    await store('content.downloaded', at);

    const support = await tokenHeaders(ctx.store, 'support');
    const res = await request(ctx.bare)
      .get(`/api/scoring-models/${id}/event-suggestions`)
      .set(support)
      .expect(200);
    expect(res.body.items).toEqual([
      { type: 'page.viewed', count: 3, lastSeenAt: '2025-03-03T10:00:00.000Z', rows: ['pricing'] },
      { type: 'form.submitted', count: 2, lastSeenAt: '2025-03-01T10:00:01.000Z', rows: [] },
      { type: 'content.downloaded', count: 1, lastSeenAt: '2025-03-01T10:00:00.000Z', rows: [] },
    ]);
    await request(ctx.bare).get(`/api/scoring-models/${id}/event-suggestions`).expect(401);
    await request(ctx.app).get('/api/scoring-models/nope/event-suggestions').expect(404);
  });

  it('refuses to generate the flow while rows are unmapped, naming each with its pointer', async () => {
    const id = await newModel();
    const rows = (await importCsv(id, SHEET).expect(200)).body.model.rows;
    rows[1].event = 'page.viewed';
    await request(ctx.app).put(`/api/scoring-models/${id}`).send({ name: 'Sheet', rows }).expect(200);

    const res = await request(ctx.app).post(`/api/scoring-models/${id}/generate`).expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual([
      '/rows/0/event',
      '/rows/2/event',
      '/rows/3/event',
    ]);
    expect(res.body.errors[0]).toMatchObject({ code: 'unmapped_row', rowId: 'white-paper-read' });
    expect(res.body.errors[0].message).toContain('White paper read');
    expect(res.body.errors[2].message).toContain('Unsubscribed');
    expect(res.body.detail).toBe(
      '3 row(s) are not mapped to an event yet: "White paper read", "Newsletter", "Unsubscribed"',
    );
    expect((await request(ctx.app).get('/api/flows').expect(200)).body.items).toHaveLength(0);

    for (const [i, event] of [
      [0, 'content.downloaded'],
      [2, 'subscribed'],
      [3, 'unsubscribed'],
    ] as const)
      rows[i].event = event;
    await request(ctx.app).put(`/api/scoring-models/${id}`).send({ name: 'Sheet', rows }).expect(200);
    const generated = await request(ctx.app).post(`/api/scoring-models/${id}/generate`).expect(201);
    expect(Object.keys(generated.body.mapping)).toEqual([
      'white-paper-read',
      'pricing-page',
      'newsletter',
      'unsubscribed',
    ]);
  });

  it('round-trips: the export imports back as the same model, and the plain sheet keeps the mapping', async () => {
    const rows = [
      {
        id: 'paper',
        asset: 'White paper read',
        event: 'content.downloaded',
        stage: 'engagement',
        readiness: 30,
      },
      {
        id: 'pricing',
        asset: 'Pricing page',
        event: 'page.viewed',
        filter: { property: 'path', op: 'eq', value: '/pricing' },
        stage: 'consideration',
        points: 40,
      },
      { id: 'fair', asset: 'Met at the fair', stage: 'consideration', points: 20 },
    ];
    const id = await newModel({ name: 'Sheet', salesReadyScore: 200, rows });
    const before = await rowsOf(id);
    const exported = await request(ctx.app).get(`/api/scoring-models/${id}/export.csv`).expect(200);
    expect(exported.text.split('\n').slice(0, 4)).toEqual([
      'asset,stage,score,readiness,event,filter_property,filter_op,filter_value,id',
      'White paper read,engagement,60,30,content.downloaded,,,,paper',
      'Pricing page,consideration,40,,page.viewed,path,eq,/pricing,pricing',
      'Met at the fair,consideration,20,,,,,,fair',
    ]);
    await request(ctx.app).put(`/api/scoring-models/${id}`).send({ name: 'Sheet', salesReadyScore: 200 });
    expect((await importCsv(id, exported.text).expect(200)).body.model.rows).toEqual(before);

    // The marketer's own three columns, edited: scores change, the mapping and the ids stay.
    const plain = 'Asset,Stage,Score\nPricing page,consideration,45\nWhite paper read,engagement,25\n';
    const again = (await importCsv(id, plain).expect(200)).body.model.rows;
    expect(again).toEqual([
      { ...before[1], points: 45 },
      { ...before[0], points: 25, readiness: null },
    ]);
  });

  it('keeps the sales-ready score with the model; readiness rows follow it, points rows do not', async () => {
    expect((await request(ctx.app).post('/api/scoring-models').send({ name: 'x' })).body.model).toMatchObject(
      {
        salesReadyScore: 100,
      },
    );
    const id = await newModel({ name: 'Sheet', salesReadyScore: 250 });
    const sheet =
      'asset,stage,readiness %,event\nWebinar,engagement,30 %,webinar.attended\nDemo,purchase,,x\n';
    const refused = await importCsv(id, sheet).expect(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ pointer: '/rows/1/points', line: 3 })]);
    const read = await importCsv(id, `${sheet.split('\n').slice(0, 2).join('\n')}\n`).expect(200);
    expect(read.body.model).toMatchObject({ salesReadyScore: 250, rows: [{ readiness: 30, points: null }] });

    const delta = async () => {
      const { body } = await request(ctx.app).post(`/api/scoring-models/${id}/generate`);
      const flow = await request(ctx.app).get(`/api/flows/${body.flow.id}`).expect(200);
      return flow.body.document.nodes.find((n: { type: string }) => n.type === 'action.adjustScore').config
        .delta;
    };
    expect(await delta()).toBe(75);
    await request(ctx.app)
      .put(`/api/scoring-models/${id}`)
      .send({ ...read.body.model, salesReadyScore: 50 })
      .expect(200);
    expect(await delta()).toBe(15);
    const exported = await request(ctx.app).get(`/api/scoring-models/${id}/export.csv`).expect(200);
    expect(exported.text).toContain('Webinar,engagement,15,30,webinar.attended');

    // A score that disagrees with its readiness share is refused rather than one of them dropped.
    const mismatch = await importCsv(id, 'asset,stage,score,readiness,event\nWebinar,engagement,40,30,w\n');
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.errors[0]).toMatchObject({ pointer: '/rows/0/points' });
    expect(mismatch.body.errors[0].message).toContain('sales-ready score 50');
  });
});
