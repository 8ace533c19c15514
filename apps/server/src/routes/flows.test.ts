import type { FlowDocumentInput } from '@scoreflow/flow';
import { flow, node } from '@scoreflow/flow/testing';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { tokenHeaders, useTestApp } from '../testing.js';

/** "link clicked → +10 SCORE → SCORE > 50 ? add to Qualified → send email : exit", the qualification flow of docs/scoring.md. */
const leadScoring = (): FlowDocumentInput =>
  flow(
    [
      node('n1', 'trigger.event', { event: 'email.clicked' }),
      node('n2', 'action.adjustScore', { score: 'SCORE', delta: 10 }),
      node('n3', 'condition.score', { score: 'SCORE', op: '>', value: 50 }),
      node('n4', 'action.addToList', { list: 'Qualified leads' }),
      node('n5', 'action.sendEmail', { template: 'talk-to-sales' }),
      node('n6', 'control.exit', {}),
    ],
    ['n1>n2', 'n2>n3', 'n3:yes>n4', 'n4>n5', 'n3:no>n6'],
    { name: 'Lead scoring' },
  );

/** Three separate mistakes: no trigger, a bad config, and an edge to nowhere. */
const broken = (): FlowDocumentInput =>
  flow([node('a', 'action.adjustScore', { score: 'SCORE', delta: 'ten' })], ['a>ghost'], {
    name: 'Broken',
    reentry: { mode: 'once' },
  });

const ctx = useTestApp();
// The qualification flow's email exists, as on an installation that uses it.
beforeEach(async () => {
  await ctx.store().emailTemplates.upsert({ name: 'talk-to-sales', subject: 'Hi', html: '', text: 'Hi' });
});

describe('flow API', () => {
  it('round-trips a valid document through draft → publish → versions', async () => {
    const created = await request(ctx.app()).post('/api/flows').send({ document: leadScoring() }).expect(201);
    expect(created.headers.location).toBe(`/api/flows/${created.body.id}`);
    expect(created.body).toMatchObject({
      name: 'Lead scoring',
      status: 'draft',
      latestVersion: null,
      diagnostics: [],
    });
    const id: string = created.body.id;

    const listed = await request(ctx.app()).get('/api/flows').expect(200);
    expect(listed.body.items.map((f: { id: string }) => f.id)).toEqual([id]);

    const v1 = await request(ctx.app()).post(`/api/flows/${id}/publish`).expect(201);
    expect(v1.body).toMatchObject({ flowId: id, version: 1 });
    expect(v1.body.document.nodes).toHaveLength(6);

    // Editing the draft afterwards never changes the published version.
    const edited = leadScoring();
    edited.settings.name = 'Lead scoring v2';
    edited.nodes[1] = {
      ...edited.nodes[1],
      config: { score: 'SCORE', delta: 20 },
    } as (typeof edited.nodes)[number];
    await request(ctx.app()).put(`/api/flows/${id}`).send({ document: edited }).expect(200);
    await request(ctx.app()).post(`/api/flows/${id}/publish`).expect(201);

    const versions = await request(ctx.app()).get(`/api/flows/${id}/versions`).expect(200);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const old = await request(ctx.app()).get(`/api/flows/${id}/versions/1`).expect(200);
    expect(old.body.document.nodes[1].config.delta).toBe(10);
    expect(old.body.document.settings.name).toBe('Lead scoring');
    const latest = await request(ctx.app()).get(`/api/flows/${id}/versions/2`).expect(200);
    expect(latest.body.document.nodes[1].config.delta).toBe(20);

    const flow = await request(ctx.app()).get(`/api/flows/${id}`).expect(200);
    expect(flow.body).toMatchObject({ name: 'Lead scoring v2', latestVersion: 2 });
  });

  it('refuses to publish an invalid flow with 422 and every diagnostic as problem+json', async () => {
    const created = await request(ctx.app()).post('/api/flows').send({ document: broken() }).expect(201);
    // Saving a draft with errors is allowed: the marketer is still building it.
    const codes = created.body.diagnostics.map((d: { code: string }) => d.code);
    expect(codes).toEqual(expect.arrayContaining(['no_trigger', 'invalid_config', 'dangling_edge']));

    const res = await request(ctx.app()).post(`/api/flows/${created.body.id}/publish`).expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status: 422,
      title: expect.any(String),
      detail: expect.stringMatching(/3 error/),
    });
    const errors: { code: string; pointer: string }[] = res.body.errors;
    expect(errors.map((e) => e.code)).toEqual(
      expect.arrayContaining(['no_trigger', 'invalid_config', 'dangling_edge']),
    );
    expect(errors.find((e) => e.code === 'invalid_config')?.pointer).toBe('/nodes/0/config/delta');
    // Messages name the step as the canvas shows it and say what to do, in plain words; the id stays
    // in the machine-readable fields.
    expect(res.body.errors.find((e: { code: string }) => e.code === 'invalid_config')?.nodeId).toBe('a');
    expect(res.body.errors.map((e: { message: string }) => e.message)).toEqual(
      expect.arrayContaining([
        'The Adjust score step: enter a number',
        'A connection from the Adjust score step ends at a step that does not exist',
      ]),
    );
    expect(errors.find((e) => e.code === 'dangling_edge')?.pointer).toMatch(/^\/edges\/0/);

    const versions = await request(ctx.app()).get(`/api/flows/${created.body.id}/versions`).expect(200);
    expect(versions.body.items).toEqual([]);
  });

  it('validates a posted document without saving it', async () => {
    const res = await request(ctx.app()).post('/api/flows/validate').send(broken()).expect(200);
    expect(res.body.diagnostics.length).toBeGreaterThanOrEqual(3);
    const ok = await request(ctx.app()).post('/api/flows/validate').send(leadScoring()).expect(200);
    expect(ok.body.diagnostics).toEqual([]);
    expect((await request(ctx.app()).get('/api/flows')).body.items).toEqual([]);
  });

  it('takes { name, document } and a bare document both to create and to validate', async () => {
    const { settings, ...rest } = leadScoring();
    const { name: _name, ...unnamed } = settings;
    const withoutName = { ...rest, settings: unnamed };
    const named = await request(ctx.app())
      .post('/api/flows')
      .send({ name: 'Named apart', document: withoutName })
      .expect(201);
    expect(named.body).toMatchObject({ name: 'Named apart', diagnostics: [] });
    expect(named.body.document.settings.name).toBe('Named apart');
    const bare = await request(ctx.app()).post('/api/flows').send(leadScoring()).expect(201);
    expect(bare.body).toMatchObject({ name: 'Lead scoring', diagnostics: [] });

    for (const body of [{ document: broken() }, { name: 'Renamed', document: broken() }]) {
      const res = await request(ctx.app()).post('/api/flows/validate').send(body).expect(200);
      expect(res.body.diagnostics.length).toBeGreaterThanOrEqual(3);
    }
    const wrapped = await request(ctx.app())
      .post('/api/flows/validate')
      .send({ name: 'Named apart', document: withoutName })
      .expect(200);
    expect(wrapped.body.diagnostics).toEqual([]);
  });

  it('refuses a malformed draft with a pointer to every problem', async () => {
    const res = await request(ctx.app())
      .post('/api/flows')
      .send({ document: { schemaVersion: 1, settings: { name: '' }, nodes: 'none', edges: [] } })
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const pointers = res.body.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/document/settings/name', '/document/nodes']));
  });

  it('creates an empty named flow, renames it through the draft, and deletes it', async () => {
    const created = await request(ctx.app()).post('/api/flows').send({ name: 'Welcome series' }).expect(201);
    expect(created.body.document.nodes).toEqual([]);
    expect(created.body.diagnostics.map((d: { code: string }) => d.code)).toContain('no_trigger');
    const doc = {
      ...created.body.document,
      settings: { ...created.body.document.settings, name: 'Welcome' },
    };
    const renamed = await request(ctx.app())
      .put(`/api/flows/${created.body.id}`)
      .send({ document: doc })
      .expect(200);
    expect(renamed.body.name).toBe('Welcome');
    await request(ctx.app()).delete(`/api/flows/${created.body.id}`).expect(204);
    const gone = await request(ctx.app()).get(`/api/flows/${created.body.id}`).expect(404);
    expect(gone.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(gone.body.detail).toContain(created.body.id);
  });

  it('activates only a published flow, indexes its triggers, and pauses it', async () => {
    const created = await request(ctx.app()).post('/api/flows').send({ document: leadScoring() }).expect(201);
    const id = created.body.id;
    const refused = await request(ctx.app()).post(`/api/flows/${id}/activate`).expect(409);
    expect(refused.body.detail).toMatch(/publish/i);

    await request(ctx.app()).post(`/api/flows/${id}/publish`).expect(201);
    const active = await request(ctx.app()).post(`/api/flows/${id}/activate`).expect(200);
    expect(active.body.status).toBe('active');
    expect(await ctx.store().triggers.find('trigger.event', 'email.clicked')).toEqual([
      expect.objectContaining({ flowId: id, version: 1, nodeId: 'n1' }),
    ]);

    const paused = await request(ctx.app()).post(`/api/flows/${id}/pause`).expect(200);
    expect(paused.body.status).toBe('paused');
    expect(await ctx.store().triggers.find('trigger.event', 'email.clicked')).toEqual([]);
  });

  it('serves the node catalog with JSON Schemas for every config', async () => {
    const res = await request(ctx.app()).get('/api/node-types').expect(200);
    const types = res.body.items.map((t: { type: string }) => t.type);
    expect(types).toEqual(
      expect.arrayContaining(['trigger.event', 'condition.score', 'action.adjustScore', 'control.wait']),
    );
    const adjust = res.body.items.find((t: { type: string }) => t.type === 'action.adjustScore');
    expect(adjust.configSchema.properties).toHaveProperty('delta');
    expect(adjust.outputs).toEqual(['next']);
  });
});

describe('HTTP conventions', () => {
  it('takes JSON only on write routes (415 as problem+json)', async () => {
    const res = await request(ctx.app()).post('/api/flows').type('form').send('name=x').expect(415);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 415, type: expect.stringContaining('unsupported-media-type') });
  });

  it('answers a body that is not JSON with 400 and says why', async () => {
    const res = await request(ctx.app())
      .post('/api/flows')
      .set('content-type', 'application/json')
      .send('{"name":')
      .expect(400);
    expect(res.body.detail).toMatch(/not valid JSON/);
  });

  it('limits the body size (413)', async () => {
    const huge = { name: 'x', document: { padding: 'y'.repeat(3 * 1024 * 1024) } };
    const res = await request(ctx.app()).post('/api/flows').send(huge).expect(413);
    expect(res.body.status).toBe(413);
  });

  it('answers unknown API routes with 404 problem+json', async () => {
    const res = await request(ctx.app()).get('/api/nothing-here').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('rejects a malformed Authorization header or an unknown token but accepts a valid one', async () => {
    await request(ctx.app()).get('/api/flows').set('authorization', 'Basic abc').expect(401);
    await request(ctx.app()).get('/api/flows').set('authorization', 'Bearer some-token').expect(401);
    await request(ctx.bare()).get('/api/flows').expect(401);
    await request(ctx.bare())
      .get('/api/flows')
      .set(await tokenHeaders(ctx.store(), 'support'))
      .expect(200);
  });

  it('reports liveness and readiness', async () => {
    await request(ctx.app()).get('/healthz').expect(200, { status: 'ok' });
    const ready = await request(ctx.app()).get('/readyz').expect(200);
    expect(ready.body.checks).toEqual([{ name: ctx.store().dialect, ok: true }]);
  });
});
