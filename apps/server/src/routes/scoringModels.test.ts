import { validateFlow } from '@scoreflow/flow';
import { sql } from '@scoreflow/store';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../testing.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
beforeEach(async () => {
  ctx = await createTestApp();
});
afterEach(() => ctx.cleanup());

const DAY = 86_400_000;

const model = {
  name: 'B2B leads',
  rows: [
    { id: 'sub', asset: 'Newsletter', event: 'subscribed', stage: 'awareness', points: 5 },
    {
      id: 'paper',
      asset: 'Whitepaper',
      event: 'content.downloaded',
      filter: { property: 'asset', op: 'eq', value: 'whitepaper' },
      stage: 'engagement',
      readiness: 30,
    },
    { id: 'pricing', asset: 'Pricing page', event: 'page.viewed', stage: 'consideration', points: 30 },
  ],
};

async function createModel() {
  const res = await request(ctx.app).post('/api/scoring-models').send(model).expect(201);
  return res.body.id as string;
}

describe('scoring models API', () => {
  it('creates, lists, replaces and deletes a model; refuses invalid rows with pointers', async () => {
    const id = await createModel();
    const list = await request(ctx.app).get('/api/scoring-models').expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id, name: 'B2B leads', rowCount: 3 })]);

    const bad = await request(ctx.app)
      .put(`/api/scoring-models/${id}`)
      .send({
        ...model,
        rows: [
          { id: 'x y', event: 'a', stage: 'later', points: 5 },
          { id: 'z', event: 'a', stage: 'purchase', points: 5, readiness: 5 },
        ],
      })
      .expect(400);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/rows/0/id',
      '/rows/0/stage',
      '/rows/1/points',
    ]);

    const replaced = await request(ctx.app)
      .put(`/api/scoring-models/${id}`)
      .send({ ...model, salesReadyScore: 200 })
      .expect(200);
    expect(replaced.body.model.salesReadyScore).toBe(200);

    await request(ctx.app)
      .post('/api/scoring-models')
      .set('content-type', 'text/plain')
      .send('x')
      .expect(415);
    await request(ctx.app).delete(`/api/scoring-models/${id}`).expect(204);
    await request(ctx.app).get(`/api/scoring-models/${id}`).expect(404);
  });

  it('exports the rows as CSV and imports them back unchanged; a bad CSV changes nothing', async () => {
    const id = await createModel();
    const exported = await request(ctx.app).get(`/api/scoring-models/${id}/export.csv`).expect(200);
    expect(exported.headers['content-type']).toMatch(/^text\/csv/);
    // The header row is checked with the marketer's sheet (scoringSheet.test.ts).
    expect(exported.text).toContain(
      'Whitepaper,engagement,30,30,content.downloaded,asset,eq,whitepaper,paper',
    );

    await request(ctx.app)
      .put(`/api/scoring-models/${id}`)
      .send({ ...model, rows: [] })
      .expect(200);
    const imported = await request(ctx.app)
      .post(`/api/scoring-models/${id}/import.csv`)
      .set('content-type', 'text/csv')
      .send(exported.text)
      .expect(200);
    expect(imported.body.model.rows).toEqual(
      (await request(ctx.app).get(`/api/scoring-models/${id}`)).body.model.rows,
    );
    expect(imported.body.model.rows.map((r: { id: string }) => r.id)).toEqual(['sub', 'paper', 'pricing']);
    expect(imported.body.model.rows[1]).toMatchObject({
      filter: { property: 'asset', op: 'eq', value: 'whitepaper' },
      points: null,
      readiness: 30,
    });

    const bad = await request(ctx.app)
      .post(`/api/scoring-models/${id}/import.csv`)
      .set('content-type', 'text/csv')
      .send('event,stage,points\nform.submitted,purchase,50\npage.viewed,nope,3\nx,purchase,\n')
      .expect(400);
    expect(bad.body.errors).toEqual([
      expect.objectContaining({ pointer: '/rows/1/stage', line: 3 }),
      expect.objectContaining({ pointer: '/rows/2/points', line: 4 }),
    ]);
    const after = await request(ctx.app).get(`/api/scoring-models/${id}`).expect(200);
    expect(after.body.model.rows).toHaveLength(3);
  });

  it('generates the scoring flow as a valid draft, then updates the same flow, showing row → nodes', async () => {
    const id = await createModel();
    const first = await request(ctx.app).post(`/api/scoring-models/${id}/generate`).expect(201);
    expect(first.body.created).toBe(true);
    const flowId = first.body.flow.id as string;
    expect(first.body.mapping.pricing).toEqual({
      trigger: 'row-pricing-trigger',
      action: 'row-pricing-score',
      edge: 'row-pricing-edge',
    });

    const flow = await request(ctx.app).get(`/api/flows/${flowId}`).expect(200);
    expect(validateFlow(flow.body.document)).toEqual([]);
    expect(flow.body.status).toBe('draft');
    const action = flow.body.document.nodes.find((n: { id: string }) => n.id === 'row-paper-score');
    expect(action.config).toEqual({ score: 'SCORE', delta: 30 });

    await request(ctx.app)
      .put(`/api/scoring-models/${id}`)
      .send({ ...model, rows: [{ id: 'demo', event: 'demo.requested', stage: 'purchase', points: 50 }] })
      .expect(200);
    const second = await request(ctx.app).post(`/api/scoring-models/${id}/generate`).expect(200);
    expect(second.body).toMatchObject({ created: false, flow: { id: flowId } });
    expect(Object.keys(second.body.mapping)).toEqual(['demo']);
    const updated = await request(ctx.app).get(`/api/flows/${flowId}`).expect(200);
    expect(updated.body.document.nodes.map((n: { id: string }) => n.id)).toEqual([
      'row-demo-trigger',
      'row-demo-score',
    ]);
    expect((await request(ctx.app).get('/api/flows')).body.items).toHaveLength(1);
    const stored = await request(ctx.app).get(`/api/scoring-models/${id}`).expect(200);
    expect(stored.body).toMatchObject({ flowId, mapping: second.body.mapping });
  });

  it('refuses to generate a flow from a model without rows', async () => {
    const res = await request(ctx.app).post('/api/scoring-models').send({ name: 'empty' }).expect(201);
    await request(ctx.app).post(`/api/scoring-models/${res.body.id}/generate`).expect(409);
  });
});

describe('backtest', () => {
  /** Contacts with live scores, ledger rows, a run and events; returns a snapshot function of live data. */
  async function seed() {
    const { store } = ctx;
    const now = store.now();
    const contact = async (email: string, score: number) => {
      const { contact: c } = await store.contacts.upsertByIdentity({ email });
      await store.scores.set(c.id, 'SCORE', score);
      await store.ledger.append({
        contactId: c.id,
        score: 'SCORE',
        delta: score,
        value: score,
        causeKind: 'manual',
      });
      return c.id;
    };
    let n = 0;
    const event = (contactId: string, type: string, daysAgo: number, properties: object = {}) =>
      store.events.insert({
        id: `ev-${++n}`,
        type,
        contactId,
        occurredAt: now - daysAgo * DAY,
        payload: { type, properties },
      });
    const ann = await contact('ann@example.com', 0);
    await event(ann, 'page.viewed', 3);
    await event(ann, 'page.viewed', 2);
    const bob = await contact('bob@example.com', 90);
    await event(bob, 'subscribed', 1);
    const cy = await contact('cy@example.com', 5);
    await event(cy, 'content.downloaded', 4, { asset: 'ebook' });
    await event(cy, 'subscribed', 4);
    const dee = await contact('dee@example.com', 0);
    for (const d of [40, 41, 42]) await event(dee, 'page.viewed', d);

    const flow = await store.flows.create({
      document: {
        schemaVersion: 1,
        settings: { name: 'x', reentry: { mode: 'always' }, exits: [] },
        nodes: [],
        edges: [],
      },
    });
    const version = await store.flows.publish(flow.id, flow.document);
    await store.runs.create({ flowId: flow.id, flowVersion: version?.version ?? 1, contactId: ann });
    const snapshot = async () =>
      (
        await sql`SELECT (SELECT count(*) FROM scores) AS scores,
                  (SELECT coalesce(sum(value), 0) FROM scores) AS total,
                  (SELECT count(*) FROM score_ledger) AS ledger, (SELECT count(*) FROM runs) AS runs,
                  (SELECT count(*) FROM run_steps) AS steps, (SELECT count(*) FROM events) AS events,
                  (SELECT count(*) FROM contact_lists) AS lists, (SELECT count(*) FROM outbox) AS outbox`.execute(
          store.db,
        )
      ).rows[0];
    return { ann, bob, snapshot };
  }

  it('reports who would change band under the model, replaying only the window, without touching live data', async () => {
    const { ann, bob, snapshot } = await seed();
    const id = await createModel();
    const before = await snapshot();

    const res = await request(ctx.app)
      .post(`/api/scoring-models/${id}/backtest`)
      .send({ days: 30 })
      .expect(200);

    expect(await snapshot()).toEqual(before);
    expect(res.body).toMatchObject({ days: 30, score: 'SCORE', contacts: 3, events: 5, moved: 2 });
    expect(res.body.movements).toEqual(
      expect.arrayContaining([
        {
          contactId: ann,
          email: 'ann@example.com',
          scoreNow: 0,
          scoreModel: 60,
          bandNow: 'new',
          bandModel: 'MQL',
        },
        {
          contactId: bob,
          email: 'bob@example.com',
          scoreNow: 90,
          scoreModel: 5,
          bandNow: 'SQL',
          bandModel: 'new',
        },
      ]),
    );
    expect(res.body.movements).toHaveLength(2);
    expect(res.body.transitions).toEqual(
      expect.arrayContaining([
        { from: 'new', to: 'MQL', count: 1 },
        { from: 'SQL', to: 'new', count: 1 },
      ]),
    );
  });

  it('applies the score definition’s cap and bands, and widens the window on request', async () => {
    const { snapshot } = await seed();
    await request(ctx.app)
      .put('/api/scores/SCORE')
      .send({
        cap: 50,
        bands: [
          { name: 'cold', min: null },
          { name: 'hot', min: 50 },
        ],
      })
      .expect(200);
    const id = await createModel();
    const before = await snapshot();
    const res = await request(ctx.app)
      .post(`/api/scoring-models/${id}/backtest`)
      .send({ days: 60 })
      .expect(200);
    expect(await snapshot()).toEqual(before);
    expect(res.body.contacts).toBe(4);
    // dee: 3 pricing views = 90, capped at 50 → hot (live 0, cold); ann likewise; bob 90 → 5, hot → cold.
    const dee = res.body.movements.find((m: { email: string }) => m.email === 'dee@example.com');
    expect(dee).toMatchObject({ scoreModel: 50, bandNow: 'cold', bandModel: 'hot' });
    expect(res.body.transitions).toEqual([
      { from: 'cold', to: 'hot', count: 2 },
      { from: 'hot', to: 'cold', count: 1 },
    ]);
    await request(ctx.app).post(`/api/scoring-models/${id}/backtest`).send({ days: 0 }).expect(400);
  });

  it('tests unsaved edits sent with the request instead of the stored model', async () => {
    await seed();
    const id = await createModel();
    const edited = { ...model, rows: [{ id: 'sub', event: 'subscribed', stage: 'awareness', points: 50 }] };
    const res = await request(ctx.app)
      .post(`/api/scoring-models/${id}/backtest`)
      .send({ days: 30, model: edited })
      .expect(200);
    // bob stays SQL → MQL (50), cy new → MQL (50), ann (no subscription) stays new.
    expect(res.body.transitions).toEqual(
      expect.arrayContaining([
        { from: 'SQL', to: 'MQL', count: 1 },
        { from: 'new', to: 'MQL', count: 1 },
      ]),
    );
    expect(res.body.moved).toBe(2);
    const stored = await request(ctx.app).get(`/api/scoring-models/${id}`).expect(200);
    expect(stored.body.model.rows).toHaveLength(3);
  });
});
