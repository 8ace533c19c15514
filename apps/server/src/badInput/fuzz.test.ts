import { FlowDocument, validateFlow } from '@scoreflow/flow';
import fc from 'fast-check';
import request from 'supertest';
import { beforeAll, expect, it } from 'vitest';
import { basic, concreteRoutes, SEED_FLOW, useBadInputApp, type WRITE_ROUTES } from './harness.js';

const { app, runtime: t } = useBadInputApp();
let routes: typeof WRITE_ROUTES;
beforeAll(async () => {
  routes = await concreteRoutes(app(), t());
});

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', ''];
const HOSTILE_STRINGS = [
  "'; drop table flows; --",
  '{{ 7*7 }}',
  '../../etc/passwd',
  '\u0000',
  '\ud800',
  '1e309',
];

/** JSON with the keys and values of this API mixed into arbitrary shapes. */
const body = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(
      fc.constantFrom(...HOSTILE_STRINGS),
      fc.string(),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    ),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(
        fc.constantFrom(...HOSTILE_KEYS),
        fc.constantFrom('type', 'contact', 'email', 'properties', 'attributes', 'document', 'nodes', 'edges'),
        fc.constantFrom('name', 'events', 'batch', 'event', 'userId', 'traits', 'delta', 'note', 'subject'),
        fc.string(),
      ),
      tie('value'),
      { maxKeys: 5 },
    ),
  ),
})).value;

/** Every path to a value inside `value`, the root included. */
function pathsOf(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  const here = [path];
  if (value === null || typeof value !== 'object') return here;
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  return here.concat(...entries.map(([k, v]) => pathsOf(v, [...path, k])));
}

/** A copy of `value` with the value at `path` replaced (or, under `key`, a key added next to it). */
function mutate(value: unknown, path: (string | number)[], replacement: unknown, key?: string): unknown {
  const copy = structuredClone(value);
  if (path.length === 0) return key === undefined ? replacement : copy;
  let parent = copy as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (key === undefined) parent[last] = replacement;
  else if (parent[last] !== null && typeof parent[last] === 'object' && !Array.isArray(parent[last])) {
    Object.defineProperty(parent[last], key, { value: replacement, enumerable: true, writable: true });
  }
  return copy;
}

async function post(route: (typeof routes)[number], value: unknown) {
  const req = request(app())[route.method](route.path).set('Content-Type', 'application/json');
  if (route.path.startsWith('/v1/')) req.set('Authorization', basic());
  // JSON.stringify turns the doubles JSON cannot hold (NaN, Infinity) into null, as clients do.
  const res = await req.send(JSON.stringify(value) ?? 'null');
  expect(res.status, `${route.method} ${route.path} ${JSON.stringify(value)}: ${res.text}`).toBeLessThan(500);
  if (res.status >= 400) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
}

it('the seeds the mutations start from are accepted as they are', async () => {
  expect(validateFlow(FlowDocument.parse(SEED_FLOW))).toEqual([]);
  for (const route of routes.filter((r) => r.seed !== undefined)) {
    const req = request(app())[route.method](route.path).set('Content-Type', 'application/json');
    if (route.path.startsWith('/v1/')) req.set('Authorization', basic());
    const res = await req.send(JSON.stringify(route.seed));
    expect(res.status, `${route.path}: ${res.text}`).toBeLessThan(300);
  }
});

it('valid bodies with one value replaced or one key added never get a 5xx', async () => {
  const seeded = routes.filter((r) => r.seed !== undefined);
  await fc.assert(
    fc.asyncProperty(
      fc.nat({ max: seeded.length - 1 }),
      fc.nat(),
      body,
      fc.option(fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string()), { nil: undefined }),
      async (index, at, replacement, key) => {
        const route = seeded[index] as (typeof routes)[number];
        const paths = pathsOf(route.seed);
        const path = paths[at % paths.length] as (string | number)[];
        await post(route, mutate(route.seed, path, replacement, key));
      },
    ),
    { numRuns: 400 },
  );
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  await request(app()).get('/healthz').expect(200);
});

it('random JSON posted to every write route never gets a 5xx, and the server stays healthy', async () => {
  let sent = 0;
  await fc.assert(
    fc.asyncProperty(fc.nat({ max: routes.length - 1 }), body, async (index, value) => {
      await post(routes[index] as (typeof routes)[number], value);
      sent++;
    }),
    { numRuns: 400 },
  );
  expect(sent).toBeGreaterThanOrEqual(400);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  await request(app()).get('/healthz').expect(200);
});
