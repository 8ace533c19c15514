import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { sql } from '@scoreflow/store';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { basic, expectClearRefusal, stateOf, useBadInputApp } from './harness.js';

// One server for the whole file: every refusal must leave the store as it was.
const { app, runtime: t } = useBadInputApp();

const EVENT = { type: 'page.viewed', contact: { email: 'gz@example.com' } };
const TRACK = { event: 'Clicked', userId: 'u-gz', messageId: 'm-gz-1' };

/** The body-reading routes, each with a body it accepts. */
const JSON_ROUTES = [
  { path: '/api/events', body: EVENT, ok: 202 },
  { path: '/api/flows', body: { name: 'Compressed' }, ok: 201 },
  { path: '/v1/track', body: TRACK, ok: 200 },
] as const;

/** Sends `body` as these bytes: superagent would otherwise serialise a Buffer sent as JSON. */
function post(path: string, body: Buffer | string, headers: Record<string, string>) {
  const req = request(app())
    .post(path)
    .serialize((bytes) => bytes);
  if (path.startsWith('/v1/')) req.set('Authorization', basic());
  for (const [name, value] of Object.entries(headers)) req.set(name, value);
  return req.send(body);
}
const json = (path: string, body: Buffer | string, encoding?: string, type = 'application/json') =>
  post(path, body, { 'Content-Type': type, ...(encoding ? { 'Content-Encoding': encoding } : {}) });
const csv = (body: Buffer | string, encoding?: string, type = 'text/csv') =>
  post('/api/contacts/import', body, {
    'Content-Type': type,
    ...(encoding ? { 'Content-Encoding': encoding } : {}),
  });

const countContacts = async () => {
  const { rows } = await sql<{ n: number }>`select count(*) as n from contacts`.execute(t().store.db);
  return Number(rows[0]?.n);
};

/** `{"name": "bad <C3 28> name"}`: 0xC3 opens a two-byte sequence that "(" does not continue. */
const invalidUtf8Json = (field: string, extra = '') =>
  Buffer.concat([
    Buffer.from(`{${extra}"${field}": "bad `),
    Buffer.from([0xc3, 0x28]),
    Buffer.from(' name"}'),
  ]);

describe('compressed bodies', () => {
  it('refuses gzip and deflate headers over data that is not, with 400, on every body-reading route', async () => {
    const before = await stateOf(t());
    const garbage = Buffer.from('this is not gzip data at all');
    for (const { path } of JSON_ROUTES) {
      const res = await json(path, garbage, 'gzip');
      expectClearRefusal(res, 400);
      expect(res.body.detail).toMatch(/not valid gzip data/);
      expectClearRefusal(await json(path, garbage, 'deflate'), 400);
    }
    const imported = await csv(garbage, 'gzip');
    expectClearRefusal(imported, 400);
    expect(imported.body.detail).toMatch(/not valid gzip data/);
    expectClearRefusal(await csv(garbage, 'deflate'), 400);
    expectClearRefusal(await csv(garbage, 'br'), 400);
    expect(await stateOf(t())).toEqual(before);
  });

  it('refuses gzip data that stops short with 400', async () => {
    const before = await stateOf(t());
    for (const { path, body } of JSON_ROUTES) {
      const whole = gzipSync(JSON.stringify(body));
      const res = await json(path, whole.subarray(0, whole.length - 12), 'gzip');
      expectClearRefusal(res, 400);
      expect(res.body.detail).toMatch(/gzip data ends before it is complete/);
    }
    const rows = gzipSync('email\ncut@example.com\n');
    const cut = await csv(rows.subarray(0, rows.length - 12), 'gzip');
    expectClearRefusal(cut, 400);
    expect(cut.body.detail).toMatch(/gzip data ends before it is complete/);
    expect(await stateOf(t())).toEqual(before);
  });

  it('refuses content encodings it does not decode with 415', async () => {
    const before = await stateOf(t());
    for (const encoding of ['x-unknown', 'compress', 'gzip, br']) {
      for (const { path, body } of JSON_ROUTES) {
        const res = await json(path, JSON.stringify(body), encoding);
        expectClearRefusal(res, 415);
        expect(res.body.detail).toContain(encoding);
      }
      const res = await csv('email\nx@example.com\n', encoding);
      expectClearRefusal(res, 415);
      expect(res.body.detail).toContain(encoding);
    }
    expect(await stateOf(t())).toEqual(before);
  });

  it('still takes gzip, deflate and brotli JSON, and now CSV too', async () => {
    for (const { path, body, ok } of JSON_ROUTES) {
      const res = await json(path, gzipSync(JSON.stringify(body)), 'gzip');
      expect(res.status, JSON.stringify(res.body)).toBe(ok);
    }
    const flow = await json('/api/flows', deflateSync('{"name":"Deflated"}'), 'deflate').expect(201);
    expect(flow.body.document.settings.name).toBe('Deflated');
    await json('/api/flows', brotliCompressSync('{"name":"Brotli"}'), 'br').expect(201);

    const rows = 'email,externalId\ngz1@example.com,g1\ngz2@example.com,g2\n';
    for (const [encoding, body] of [
      ['gzip', gzipSync(rows)],
      ['deflate', deflateSync(rows)],
      ['br', brotliCompressSync(rows)],
    ] as const) {
      const res = await csv(body, encoding).expect(200);
      expect(res.body).toMatchObject({ imported: 2, failed: 0 });
    }
    expect(await t().store.contacts.findByEmail('gz2@example.com')).toMatchObject({ externalId: 'g2' });
  });
});

describe('character sets', () => {
  it('takes UTF-8 only: another declared charset is 415, and a UTF-8 byte order mark is fine', async () => {
    const before = await stateOf(t());
    for (const charset of ['utf-16le', 'latin1', 'x-nonsense']) {
      const res = await json('/api/flows', '{"name":"x"}', undefined, `application/json; charset=${charset}`);
      expectClearRefusal(res, 415);
      expect(res.body.detail).toMatch(/charset/i);
      expectClearRefusal(await csv('email\nx@example.com\n', undefined, `text/csv; charset=${charset}`), 415);
    }
    expect(await stateOf(t())).toEqual(before);

    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"name":"With BOM"}')]);
    const flow = await json('/api/flows', bom, undefined, 'application/json; charset=utf-8').expect(201);
    expect(flow.body.document.settings.name).toBe('With BOM');
    const rows = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('email\nbom@example.com\n')]);
    await csv(rows, undefined, 'text/csv; charset=UTF-8').expect(200);
    expect(await t().store.contacts.findByEmail('bom@example.com')).toBeDefined();
  });
});

describe('invalid UTF-8', () => {
  it('refuses JSON bodies that are not valid UTF-8 with 400 saying where, storing nothing', async () => {
    const before = await stateOf(t());
    const cases = [
      { path: '/api/flows', body: invalidUtf8Json('name') },
      { path: '/api/events', body: invalidUtf8Json('type', '"contact": {"email": "u8@example.com"}, ') },
      {
        path: '/api/events/batch',
        body: Buffer.concat([Buffer.from('{"events": ['), invalidUtf8Json('type'), Buffer.from(']}')]),
      },
      { path: '/v1/track', body: invalidUtf8Json('event', '"userId": "u8", ') },
    ];
    for (const { path, body } of cases) {
      const at = body.indexOf(0xc3);
      const res = await json(path, body);
      expectClearRefusal(res, 400);
      expect(res.body.detail).toBe(`The body is not valid UTF-8 (at byte offset ${at})`);
      // Compressed, the offset counts bytes of the decompressed body.
      const gz = await json(path, gzipSync(body), 'gzip');
      expectClearRefusal(gz, 400);
      expect(gz.body.detail).toBe(`The body is not valid UTF-8 (at byte offset ${at})`);
    }
    // A sequence cut off by the end of the body is no better.
    const cut = Buffer.concat([Buffer.from('{"name": "euro '), Buffer.from([0xe2, 0x82])]);
    expectClearRefusal(await json('/api/flows', cut), 400);
    expect(await stateOf(t())).toEqual(before);
    expect((await t().store.flows.list()).filter((f) => f.name.startsWith('bad'))).toEqual([]);
  });

  it('refuses a CSV with a bad byte before storing any of its rows when the byte is in the first row', async () => {
    const before = await stateOf(t());
    const body = Buffer.concat([
      Buffer.from('email,attributes\nfirst@example.com,"{""name"":""Ma'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('ia""}"\nsecond@example.com,\n'),
    ]);
    const at = body.indexOf(0xc3);
    const res = await csv(body);
    expectClearRefusal(res, 400);
    expect(res.body.detail).toMatch(`not valid UTF-8 at line 2, byte offset ${at}; the 0 rows before it`);
    expect(res.body.errors).toEqual([expect.objectContaining({ code: 'invalid_utf8', line: 2, byte: at })]);
    expect(await stateOf(t())).toEqual(before);
  });

  it('stops a large CSV at the row with the bad byte: every row before it imported, none from it on', async () => {
    const contactsBefore = await countContacts();
    const bad = 2600;
    const lines: Buffer[] = [Buffer.from('email,externalId,note\n')];
    for (let i = 0; i < 4000; i++) {
      // Quoted cells spread over two lines, so a line break is not always the end of a row; the
      // two-, three- and four-byte characters fall across the chunks the body arrives in.
      const row = `big${i}@example.com,b${i},"line one\nline two ${'x'.repeat(i % 40)} ""Zoë"" 東京 😀"\n`;
      const [head, rest] = row.split('line two') as [string, string];
      if (i !== bad) lines.push(Buffer.from(row));
      else
        lines.push(
          Buffer.concat([Buffer.from(`${head}line `), Buffer.from([0xff]), Buffer.from(` two${rest}`)]),
        );
    }
    const body = Buffer.concat(lines);
    const at = body.indexOf(0xff);
    // The header is line 1 and every row takes two lines: the bad byte is on the row's second line.
    const line = 1 + 2 * bad + 2;
    const res = await csv(gzipSync(body), 'gzip');
    expectClearRefusal(res, 400);
    expect(res.body.detail).toBe(
      `The CSV is not valid UTF-8 at line ${line}, byte offset ${at}; the ${bad} rows before it were imported, none from it on`,
    );
    expect(res.body.errors).toEqual([
      expect.objectContaining({ code: 'invalid_utf8', line, byte: at, rowLine: line - 1 }),
    ]);
    expect(await countContacts()).toBe(contactsBefore + bad);
    expect(await t().store.contacts.findByEmail(`big${bad - 1}@example.com`)).toMatchObject({
      attributes: { note: `line one\nline two ${'x'.repeat((bad - 1) % 40)} "Zoë" 東京 😀` },
    });
    expect(await t().store.contacts.findByEmail(`big${bad}@example.com`)).toBeUndefined();
    expect(await t().store.contacts.findByEmail(`big${bad + 1}@example.com`)).toBeUndefined();
  }, 60_000);

  it('refuses a scoring model CSV that is not valid UTF-8, leaving the model as it was', async () => {
    const model = {
      name: 'UTF-8',
      rows: [{ id: 'sub', asset: 'Newsletter', event: 'subscribed', stage: 'awareness', points: 5 }],
    };
    const created = await request(app()).post('/api/scoring-models').send(model).expect(201);
    const path = `/api/scoring-models/${created.body.id}/import.csv`;
    const rows = Buffer.concat([
      Buffer.from('id,asset,event,stage,points\nsub,News'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('letter,subscribed,awareness,7\n'),
    ]);
    const res = await post(path, rows, { 'Content-Type': 'text/csv' });
    expectClearRefusal(res, 400);
    expect(res.body.detail).toBe(`The body is not valid UTF-8 (at byte offset ${rows.indexOf(0xc3)})`);
    expectClearRefusal(
      await post(path, 'event,points\nx,1\n', { 'Content-Type': 'text/csv; charset=latin1' }),
      415,
    );
    expectClearRefusal(
      await post(path, Buffer.from('garbage'), { 'Content-Type': 'text/csv', 'Content-Encoding': 'gzip' }),
      400,
    );
    const after = await request(app()).get(`/api/scoring-models/${created.body.id}`).expect(200);
    expect(after.body.model.rows).toEqual([expect.objectContaining({ id: 'sub', points: 5 })]);
  });

  it('refuses a CSV that ends inside a multi-byte sequence, keeping the complete rows before it', async () => {
    const contactsBefore = await countContacts();
    const body = Buffer.concat([
      Buffer.from('email,externalId\nend1@example.com,e1\nend2@example.com,price '),
      Buffer.from([0xe2, 0x82]),
    ]);
    const res = await csv(body);
    expectClearRefusal(res, 400);
    expect(res.body.detail).toMatch(/not valid UTF-8 at line 3, byte offset \d+; the 1 rows before it/);
    expect(await countContacts()).toBe(contactsBefore + 1);
    expect(await t().store.contacts.findByEmail('end2@example.com')).toBeUndefined();
  });
});
