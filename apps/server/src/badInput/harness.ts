import { edge, flow, node } from '@scoreflow/flow/testing';
import { createRunControl } from '@scoreflow/runtime';
import type { TestRuntime } from '@scoreflow/runtime/testing';
import { type Store, sql } from '@scoreflow/store';
import type { Express } from 'express';
import request from 'supertest';
import { expect } from 'vitest';
import { useTestApp } from '../testing.js';

export const WRITE_KEY = 'wk_bad_input';
export const basic = (key = WRITE_KEY) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

/**
 * The whole server over a started real runtime (SQLite file, Redis), one for the file or describe
 * block, as the bad-input suites drive it.
 */
export function useBadInputApp() {
  return useTestApp({
    runtime: true,
    per: 'file',
    deps: (t) => ({
      runControl: createRunControl({ store: t.store, queues: t.runtime.queues }),
      segmentWriteKeys: [WRITE_KEY],
    }),
  });
}

/**
 * Row counts of every table: "no change of state" is these counts before and after, plus the
 * content checks each case adds.
 */
export async function stateOf(t: TestRuntime): Promise<Record<string, number>> {
  const counts: [string, number][] = [];
  for (const name of await tableNames(t.store)) {
    const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(name)}`.execute(
      t.store.db,
    );
    counts.push([name, Number(rows[0]?.n)]);
  }
  return Object.fromEntries(counts);
}

/** The store's tables, from the catalog of whichever database it is on. */
export async function tableNames(store: Store): Promise<string[]> {
  const query =
    store.dialect === 'sqlite'
      ? sql<{
          name: string;
        }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`
      : sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE'`;
  const { rows } = await query.execute(store.db);
  return rows.map((r) => r.name);
}

/** A refusal a client can act on: 4xx, problem+json, a detail that says what was wrong. */
export function expectClearRefusal(res: request.Response, status?: number): void {
  if (status !== undefined) expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.status, `${res.status} ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({
    type: expect.stringMatching(/^urn:scoreflow:problem:/),
    status: res.status,
    detail: expect.any(String),
  });
  expect(res.body.detail.length).toBeGreaterThan(5);
}

/** The flow the mutations start from: a valid document, so every mutation is one step from valid. */
export const SEED_FLOW = flow(
  [
    node('t', 'trigger.event', { event: 'page.viewed' }),
    node('a', 'action.adjustScore', { score: 'SCORE', delta: 1 }, { x: 0, y: 100 }),
  ],
  [edge('e', 't', 'a')],
  { name: 'Seed', reentry: { mode: 'afterExit' } },
);
const EVENT = {
  type: 'page.viewed',
  contact: { email: 'seed@example.com', attributes: { plan: 'pro' } },
  properties: { url: 'https://example.com' },
};

/**
 * Every route that changes state. `needsBody`: it takes a JSON body; `emptyValid`: an empty body
 * (or `{}`) is a valid call to it. `:flow` and `:contact` are replaced by ids that exist when the
 * suite runs.
 */
export const WRITE_ROUTES: {
  method: 'post' | 'put';
  path: string;
  needsBody: boolean;
  emptyValid?: boolean;
  /** A body the route accepts, for the fuzz test to mutate. */
  seed?: unknown;
}[] = [
  { method: 'post', path: '/api/flows', needsBody: false, seed: { name: 'F', document: SEED_FLOW } },
  // Answers the diagnostics of anything, storing nothing.
  { method: 'post', path: '/api/flows/validate', needsBody: true, emptyValid: true, seed: SEED_FLOW },
  { method: 'put', path: '/api/flows/:flow', needsBody: true, seed: { document: SEED_FLOW } },
  { method: 'post', path: '/api/flows/:flow/publish', needsBody: false },
  { method: 'post', path: '/api/flows/:flow/activate', needsBody: false },
  { method: 'post', path: '/api/flows/:flow/pause', needsBody: false },
  { method: 'post', path: '/api/flows/:flow/webhook-secret/rotate', needsBody: false },
  { method: 'post', path: '/api/events', needsBody: true, seed: EVENT },
  { method: 'post', path: '/api/events/batch', needsBody: true, seed: { events: [EVENT, EVENT] } },
  // Every field of a score definition has a default.
  {
    method: 'put',
    path: '/api/scores/LEADS',
    needsBody: true,
    emptyValid: true,
    seed: { floor: 0, cap: 100, description: 'd' },
  },
  {
    method: 'put',
    path: '/api/templates/welcome',
    needsBody: true,
    seed: { subject: 'Hi {{ contact.email }}', text: 'Hello', html: '<p>Hello</p>' },
  },
  {
    method: 'post',
    path: '/api/contacts/:contact/scores/SCORE',
    needsBody: true,
    seed: { delta: 5, note: 'called' },
  },
  { method: 'post', path: '/api/runs/retry', needsBody: false, seed: { flowId: 'f' } },
  { method: 'post', path: '/api/runs/r-missing/retry', needsBody: false },
  { method: 'post', path: '/api/runs/r-missing/cancel', needsBody: false },
  {
    method: 'post',
    path: '/v1/track',
    needsBody: true,
    seed: { event: 'Clicked', userId: 'u1', properties: { url: 'x' } },
  },
  {
    method: 'post',
    path: '/v1/identify',
    needsBody: true,
    seed: { userId: 'u1', traits: { email: 'u1@example.com' } },
  },
  {
    method: 'post',
    path: '/v1/batch',
    needsBody: true,
    seed: { batch: [{ type: 'track', event: 'Clicked', userId: 'u1' }] },
  },
];

/** Creates a flow and a contact and returns the routes with their ids filled in. */
export async function concreteRoutes(app: Express, t: TestRuntime) {
  const flow = await request(app).post('/api/flows').send({ name: 'Target' }).expect(201);
  await t.send({ type: 'page.viewed', contact: { email: 'target@example.com' } });
  const { rows } = await sql<{ id: string }>`select id from contacts limit 1`.execute(t.store.db);
  const contact = rows[0] as { id: string };
  return WRITE_ROUTES.map((r) => ({
    ...r,
    path: r.path.replace(':flow', flow.body.id).replace(':contact', contact.id),
  }));
}
