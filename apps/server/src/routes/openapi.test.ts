import type { Express } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { routeTable } from '../http/routeTable.js';
import { useTestApp } from '../testing.js';
import { buildOpenApiDocument } from './openapi.js';

/** Every (method, path) the app answers, from express's own router stack. */
function routesOf(app: Express): string[] {
  const found = routeTable(app)
    .filter((r) => !r.regexp) // the editor's client-side catch-all
    .map((r) => `${r.method} ${r.path}`);
  return [...new Set(found)].sort();
}

const { bare: app } = useTestApp({
  runtime: true,
  start: false,
  deps: (t) => ({ queues: t.runtime.queues }),
  per: 'file',
});

describe('OpenAPI document', () => {
  it('documents every route the server answers, and nothing it does not', () => {
    const doc = buildOpenApiDocument();
    const documented = Object.entries(doc.paths ?? {})
      .flatMap(([path, item]) =>
        Object.keys(item as object).map((method) => `${method} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      )
      .sort();
    // The queue dashboard is a UI with its own internal API, not part of Scoreflow's reference.
    const routes = routesOf(app()).filter((r) => !r.split(' ')[1]?.startsWith('/admin/queues'));
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.filter((r) => !documented.includes(r))).toEqual([]);
    expect(documented.filter((r) => !routes.includes(r))).toEqual([]);
  });

  it('is served as OpenAPI 3.1 with the shared schemas in it', async () => {
    const res = await request(app()).get('/api/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    const ingest = res.body.paths['/api/events'].post;
    const schema = JSON.stringify(ingest.requestBody.content['application/json'].schema);
    // IncomingEvent's own rules (type alphabet, id alphabet) made it into the document.
    expect(schema).toContain('^[A-Za-z0-9._-]+$');
    expect(res.body.paths['/api/flows/{id}'].get.parameters[0]).toMatchObject({ name: 'id', in: 'path' });
    expect(res.body.paths['/api/contacts/import'].post.requestBody.content).toHaveProperty(['text/csv']);
  });

  it('has a readable reference page that needs no network', async () => {
    const res = await request(app()).get('/api/docs').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('<code>/api/flows/{id}/publish</code>');
    expect(res.text).toContain('Ingest one event');
    expect(res.text).not.toMatch(/<script|https?:\/\/(?!127)/);
  });
});
