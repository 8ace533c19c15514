import { emptyFlowDocument } from '@scoreflow/flow';
import { node } from '@scoreflow/flow/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  basic,
  concreteRoutes,
  expectClearRefusal,
  stateOf,
  tableNames,
  useBadInputApp,
  type WRITE_ROUTES,
} from './harness.js';

// One server for the whole file: every case must leave it healthy and unchanged for the next.
const { app, runtime: t } = useBadInputApp();
let routes: typeof WRITE_ROUTES;
const figures = { cases: 0, refused: 0 };

beforeAll(async () => {
  routes = await concreteRoutes(app(), t());
});
afterAll(async () => {
  const health = await request(app()).get('/healthz');
  expect(health.status).toBe(200);
  process.stdout.write(
    `bad-input suite: ${figures.cases} cases, ${figures.refused} requests refused correctly\n`,
  );
});

/** Sends a raw request. */
function send(method: 'post' | 'put', path: string, body: string | undefined, type = 'application/json') {
  const req = request(app())[method](path);
  if (path.startsWith('/v1/')) req.set('Authorization', basic());
  if (body === undefined) return req;
  return req.set('Content-Type', type).send(body);
}

/** Sends, expects a clear refusal, and checks nothing was stored. */
async function refused(method: 'post' | 'put', path: string, body: string | undefined, type?: string) {
  const before = await stateOf(t());
  const res = await send(method, path, body, type);
  figures.cases++;
  expectClearRefusal(res);
  figures.refused++;
  expect(await stateOf(t()), `${method} ${path} changed state`).toEqual(before);
  return res;
}

const jsonRoutes = () => routes.filter((r) => r.needsBody);

describe('malformed and mistyped bodies', () => {
  it.each([
    ['truncated', '{"type": "x", "contact": {'],
    ['trailing comma', '{"a": 1,}'],
    ['single quotes', "{'a': 1}"],
    ['NaN literal', '{"value": NaN, "note": "x"}'],
    ['Infinity literal', '{"delta": Infinity, "note": "x"}'],
    ['comment', '{"a": 1 /* hi */}'],
    ['two documents', '{"a":1}{"b":2}'],
    ['byte order mark mid-body', '{"a":\ufeff1}'],
  ])('%s JSON is a 400 on every JSON route', async (_name, body) => {
    for (const r of jsonRoutes()) {
      const res = await refused(r.method, r.path, body);
      expect(res.status, r.path).toBe(400);
      expect(res.body.detail).toMatch(/not valid JSON/);
    }
  });

  it.each([
    ['text/plain', '{"type":"page.viewed","contact":{"email":"a@b.co"}}'],
    ['application/x-www-form-urlencoded', 'type=page.viewed&contact[email]=a@b.co'],
    [
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="type"\r\n\r\nx\r\n--x--',
    ],
    ['application/xml', '<event type="page.viewed"/>'],
  ])('a %s body is refused on every JSON route', async (type, body) => {
    for (const r of jsonRoutes()) {
      const res = await refused(r.method, r.path, body, type);
      // The Segment API keeps Segment's behaviour (its parser ignores other types): the body is missing.
      expect(res.status, r.path).toBe(r.path.startsWith('/v1/') ? 400 : 415);
    }
  });

  it('every write route answers an empty body with a 4xx or its ordinary answer, never a 5xx', async () => {
    for (const r of routes) {
      const before = await stateOf(t());
      const res = await send(r.method, r.path, undefined);
      figures.cases++;
      expect(res.status, `${r.method} ${r.path}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
      if (r.needsBody && !r.emptyValid) {
        expectClearRefusal(res);
        figures.refused++;
        expect(await stateOf(t()), r.path).toEqual(before);
      }
    }
  });

  it.each([
    ['null', 'null'],
    ['a number', '42'],
    ['a string', '"hello"'],
    ['an array', '[1, 2, 3]'],
    ['an empty object', '{}'],
  ])('%s as the body is a clear 4xx on every route that takes one', async (_name, body) => {
    for (const r of jsonRoutes()) {
      if (r.path === '/api/flows/validate') continue; // answers diagnostics for anything, stores nothing
      if (r.emptyValid && body === '{}') continue;
      await refused(r.method, r.path, body);
    }
  });
});

describe('oversized input', () => {
  it('a 3 MB body is a 413 everywhere, a 100 KB string in a small field a 400 or 413', async () => {
    const huge = JSON.stringify({ padding: 'x'.repeat(3_000_000) });
    for (const r of jsonRoutes()) {
      const res = await refused(r.method, r.path, huge);
      expect(res.status, r.path).toBe(413);
    }
    const long = 'é'.repeat(100_000);
    await refused('post', '/api/flows', JSON.stringify({ name: long }));
    await refused('post', '/api/events', JSON.stringify({ type: long, contact: { email: 'a@b.co' } }));
    await refused('put', '/api/scores/LEADS', JSON.stringify({ floor: 0, description: long }));
  });

  it('a 10,000-node document is refused on create and on save; validation says too many nodes', async () => {
    const nodes = Array.from({ length: 10_000 }, (_, i) => ({
      id: `n${i}`,
      type: 'action.tag',
      position: { x: 0, y: 0 },
      config: {},
    }));
    const document = { version: 1, settings: { name: 'Huge' }, nodes, edges: [] };
    const created = await refused('post', '/api/flows', JSON.stringify({ document }));
    expect(created.status).toBe(413);
    expect(created.body.detail).toMatch(/10000 nodes \(at most 500\)/);
    const flow = routes.find((r) => r.method === 'put' && r.path.startsWith('/api/flows/'));
    await refused('put', flow?.path ?? '', JSON.stringify({ document }));
    const checked = await request(app()).post('/api/flows/validate').send(document).expect(200);
    expect(checked.body.diagnostics).toContainEqual(expect.objectContaining({ code: 'too_many_nodes' }));
  });

  it('a CSV import with a row longer than 64 KB stops there with a 400', async () => {
    const csv = `email,plan\nok@example.com,pro\nbig@example.com,${'x'.repeat(200_000)}\n`;
    // The rows before the long one are imported, as the answer says; the long one is not.
    const res = await send('post', '/api/contacts/import', csv, 'text/csv');
    figures.cases++;
    expectClearRefusal(res, 400);
    figures.refused++;
    expect(res.body.detail).toMatch(/could not be read past this point.*the 1 rows before it were imported/);
    const big = await request(app()).get('/api/contacts').query({ email: 'big@example.com' }).expect(200);
    expect(big.body.items).toEqual([]);
  });

  it('batches over 500 events are refused whole', async () => {
    const events = Array.from({ length: 501 }, () => ({ type: 'x', contact: { email: 'a@b.co' } }));
    await refused('post', '/api/events/batch', JSON.stringify({ events }));
  });

  it('numbers past double range or below zero precision are refused where they matter', async () => {
    const contact = routes.find((r) => r.path.includes('/scores/SCORE'))?.path ?? '';
    // 1e309 parses to Infinity: a score can never be infinite.
    await refused('post', contact, '{"delta": 1e309, "note": "x"}');
    await refused('post', contact, '{"value": -1e309, "note": "x"}');
    await refused('put', '/api/scores/LEADS', '{"floor": 1e309}');
    const res = await send(
      'post',
      '/api/events',
      '{"type": "x", "contact": {"email": "a@b.co"}, "timestamp": 1e309}',
    );
    expectClearRefusal(res, 400);
  });
});

describe('hostile strings', () => {
  it.each([
    ['path traversal', '..%2F..%2Fetc%2Fpasswd'],
    ['encoded NUL', 'a%00b'],
    ['SQL', "x'%20OR%20'1'%3D'1"],
    ['very long', 'a'.repeat(5000)],
    ['unicode', '%F0%9F%93%88%E2%80%AE'],
  ])('%s in an id is a 4xx, not a file or a row', async (_name, id) => {
    for (const path of [
      `/api/flows/${id}`,
      `/api/contacts/${id}`,
      `/api/runs/${id}`,
      `/api/templates/${id}`,
    ]) {
      const res = await request(app()).get(path);
      figures.cases++;
      expectClearRefusal(res);
      figures.refused++;
    }
    await refused('put', `/api/flows/${id}`, JSON.stringify({ document: {} }));
    await refused('post', `/api/flows/${id}/publish`, undefined);
    await refused('post', `/api/runs/${id}/retry`, undefined);
    await refused('post', `/api/contacts/${id}/scores/SCORE`, '{"delta": 1, "note": "x"}');
    // A malformed percent-encoding is the client's mistake too.
    expectClearRefusal(await request(app()).get('/api/flows/%E0%A4%A'), 400);
  });

  it('SQL, template and script strings are stored as text and come back unchanged, never evaluated', async () => {
    const hostile = [
      "'; DROP TABLE flows; --",
      '{{ 7 * 7 }} {% raw %}{{ contact.email }}{% endraw %}',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${...} that must stay text
      '${7*7} #{7*7} <%= 7*7 %>',
      '<script>alert(1)</script><img src=x onerror=alert(1)>',
      'constructor.constructor("return process")()',
      '\u202e\u0000\ud83d\ude00 zero\u200bwidth',
    ];
    // PostgreSQL stores no NUL in text: there a name holding one is the client's mistake, refused
    // without storing anything, and the rest of that name must still come back unchanged.
    const onPostgres = t().store.dialect === 'postgres';
    for (const name of hostile.filter((n) => onPostgres && n.includes('\u0000'))) {
      const before = await stateOf(t());
      expectClearRefusal(await request(app()).post('/api/flows').send({ name }), 400);
      expect(await stateOf(t())).toEqual(before);
    }
    for (const name of onPostgres ? hostile.map((n) => n.replaceAll('\u0000', '')) : hostile) {
      const res = await request(app()).post('/api/flows').send({ name }).expect(201);
      const back = await request(app()).get(`/api/flows/${res.body.id}`).expect(200);
      expect(back.body.document.settings.name).toBe(name.trim());
      await request(app()).delete(`/api/flows/${res.body.id}`).expect(204);
    }
    const [first] = hostile;
    const contacts = await request(app()).get('/api/contacts').query({ email: first });
    expect(contacts.status).toBeLessThan(500);
    expect(await tableNames(t().store)).toContain('flows');
  });

  it('lone surrogates and invalid UTF-8 never reach a 500', async () => {
    const lone = await send('post', '/api/flows', '{"name": "bad \\ud800 half"}');
    expect(lone.status).toBeLessThan(500);
    const bytes = Buffer.concat([
      Buffer.from('{"name": "'),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from('"}'),
    ]);
    const invalid = await request(app())
      .post('/api/flows')
      .set('Content-Type', 'application/json')
      .send(bytes);
    expect(invalid.status).toBeLessThan(500);
    const latin = await send('post', '/api/flows', '{"name": "x"}', 'application/json; charset=latin1');
    expectClearRefusal(latin, 415);
  });
});

describe('prototype pollution', () => {
  const payloads = [
    '{"__proto__": {"polluted": true}}',
    '{"constructor": {"prototype": {"polluted": true}}}',
  ];

  it.each(payloads)('%s in flow configs, event properties and attributes pollutes nothing', async (evil) => {
    const results = [
      await send(
        'post',
        '/api/flows/validate',
        `{"version":1,"nodes":[{"id":"a","type":"action.tag","position":{"x":0,"y":0},"config":${evil}}],"edges":[]}`,
      ),
      await send(
        'post',
        '/api/flows',
        `{"document": {"version":1,"settings":{"name":"p"},"nodes":[],"edges":[],"meta":${evil}}}`,
      ),
      await send(
        'post',
        '/api/events',
        `{"type":"x","contact":{"email":"p@example.com","attributes":${evil}},"properties":${evil}}`,
      ),
      await send('put', '/api/scores/LEADS', evil),
      await send('put', '/api/templates/welcome', `{"subject":"s","text":"t",${evil.slice(1)}`),
      await send('post', '/v1/track', `{"event":"E","userId":"u","properties":${evil},"traits":${evil}}`),
    ];
    figures.cases += results.length;
    for (const res of results) expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');

    // Stored documents, contacts and events hold plain data: reading them back pollutes nothing.
    const doc = emptyFlowDocument('Polluted');
    const withConfig = `{"document": ${JSON.stringify({ ...doc, nodes: [{ id: 'a', type: 'action.addTag', position: { x: 0, y: 0 }, config: {} }] }).replace('"config":{}', `"config":${evil}`)}}`;
    const flow = await send('post', '/api/flows', withConfig);
    expect(flow.status).toBe(201);
    const back = await request(app()).get(`/api/flows/${flow.body.id}`).expect(200);
    expect(back.body.document.nodes[0].config.polluted).toBeUndefined();
    await request(app()).delete(`/api/flows/${flow.body.id}`).expect(204);

    await t().send(
      JSON.parse(
        `{"type":"x","contact":{"email":"proto@example.com","attributes":${evil}},"properties":${evil}}`,
      ),
    );
    const contact = await request(app())
      .get('/api/contacts')
      .query({ email: 'proto@example.com' })
      .expect(200);
    const attributes = contact.body.items[0].attributes as Record<string, unknown>;
    expect(Object.getPrototypeOf((await t().store.contacts.get(contact.body.items[0].id))?.attributes)).toBe(
      Object.prototype,
    );
    expect(attributes.polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

describe('flow documents that cannot run', () => {
  it('unknown node types and cycles without a wait are diagnosed and refused at publish', async () => {
    const document = {
      ...emptyFlowDocument('Broken'),
      nodes: [
        node('t', 'trigger.event', { eventType: 'x' }),
        node('a', 'action.adjustScore', { score: 'SCORE', delta: 1 }),
        node('b', 'action.adjustScore', { score: 'SCORE', delta: 1 }),
        node('u', 'action.runShellCommand'),
      ],
      edges: [
        { id: 'e1', source: 't', target: 'a' },
        { id: 'e2', source: 'a', target: 'b' },
        { id: 'e3', source: 'b', target: 'a' },
      ],
    };
    const created = await request(app()).post('/api/flows').send({ document }).expect(201);
    const codes = created.body.diagnostics.map((d: { code: string }) => d.code);
    expect(codes).toEqual(expect.arrayContaining(['unknown_node_type', 'cycle_without_wait']));
    const published = await refused('post', `/api/flows/${created.body.id}/publish`, undefined);
    expect(published.status).toBe(422);
    await refused('post', `/api/flows/${created.body.id}/activate`, undefined);
    await request(app()).delete(`/api/flows/${created.body.id}`).expect(204);
  });
});
