import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { createStore, openDatabase, type Store } from '@scoreflow/store';
import { createTestDatabase, type TestDatabase } from '@scoreflow/store/testing';
import { pino } from 'pino';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { redactUrl } from './requestLog.js';

let dir: string;
let database: TestDatabase;
let store: Store;
let lines: string[];
let app: ReturnType<typeof createApp>;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'scoreflow-log-'));
  database = await createTestDatabase(dir, 'test.db');
  store = createStore(await openDatabase(database.location));
  lines = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  app = createApp({ store, logger: pino({ level: 'info' }, stream) });
});
afterEach(async () => {
  await store.close();
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** The request lines logged so far, once pino's stream has passed them on. */
async function logged(): Promise<{ req?: { url?: string; method?: string } }[]> {
  await new Promise((resolve) => setImmediate(resolve));
  return lines.map((l) => JSON.parse(l));
}

describe('request log', () => {
  it('keeps unsubscribe tokens and query values out of the log, and the path recognisable', async () => {
    const token = 'c2VjcmV0LXVuc3Vic2NyaWJlLXRva2Vu.abcdef0123456789';
    await request(app).get(`/u/${token}`);
    await request(app).post(`/u/${token}`).type('form').send('List-Unsubscribe=One-Click');
    await request(app).get('/api/flows?token=tok_secret_q1&x=1&access_token=sk_live_zyx987&writeKey=wk_42');

    const entries = await logged();
    const urls = entries.map((e) => e.req?.url).filter(Boolean);
    expect(urls).toEqual([
      '/u/[redacted]',
      '/u/[redacted]',
      '/api/flows?token=[redacted]&x=[redacted]&access_token=[redacted]&writeKey=[redacted]',
    ]);
    const everything = lines.join('\n');
    for (const secret of [token, token.split('.')[0] ?? '', 'tok_secret_q1', 'sk_live_zyx987', 'wk_42']) {
      expect(everything).not.toContain(secret);
    }
    expect(entries.map((e) => e.req?.method)).toEqual(['GET', 'POST', 'GET']);
  });

  it('redacts the token whatever the spelling of the path', () => {
    expect(redactUrl('/u/tok')).toBe('/u/[redacted]');
    expect(redactUrl('/U/tok/extra')).toBe('/U/[redacted]/extra');
    expect(redactUrl('//u//tok;x?y=2')).toBe('//u//[redacted]?y=[redacted]');
    expect(redactUrl('/u/')).toBe('/u/');
    expect(redactUrl('/api/users/u/1')).toBe('/api/users/u/1');
    expect(redactUrl('/api/contacts?email=ann%40example.com&%73ecret=1')).toBe(
      '/api/contacts?email=[redacted]&secret=[redacted]',
    );
    expect(redactUrl('/api/flows?')).toBe('/api/flows');
    expect(redactUrl('/api/flows')).toBe('/api/flows');
    expect(redactUrl(undefined)).toBeUndefined();
  });
});
