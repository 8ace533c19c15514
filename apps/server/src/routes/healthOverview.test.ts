import { activateFlow, flows } from '@scoreflow/runtime/testing';
import { sql } from '@scoreflow/store';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHART_MINUTES } from '../services/healthOverview.js';
import { tokenHeaders, useTestApp } from '../testing.js';

const { bare: app, runtime: t } = useTestApp({
  runtime: true,
  start: false,
  deps: (t) => ({
    queues: t.runtime.queues,
    readiness: [{ name: 'redis', check: async () => void (await t.redis.ping()) }],
  }),
  per: 'file',
});
beforeAll(async () => {
  // Real clocks are rarely on a minute boundary; minute buckets must not depend on it.
  t().clock.advance(12_345);
  await t().runtime.start();
});

describe('GET /api/health/overview', () => {
  it('shows the last hour of events, the backlog, the queues and the dependencies', async () => {
    await activateFlow(t().store, flows.points('page.viewed', 5));
    await t().send(
      { id: 'h-1', type: 'page.viewed', contact: { email: 'a@example.com' } },
      { id: 'h-2', type: 'page.viewed', contact: { email: 'b@example.com' } },
    );
    const res = await request(app())
      .get('/api/health/overview')
      .set(await tokenHeaders(t().store, 'support'))
      .expect(200);
    const body = res.body;
    expect(body.events.perMinute).toHaveLength(CHART_MINUTES);
    const last = body.events.perMinute.at(-1);
    expect(last).toMatchObject({ received: 2, processed: 2 });
    expect(body.events).toMatchObject({ pending: 0, lagSeconds: 0, failedLastHour: 0 });
    expect(body.queues.map((q: { name: string }) => q.name)).toEqual([
      'events',
      'waits',
      'deliveries',
      'maintenance',
    ]);
    expect(body.waits).toEqual({ pending: 0, overdue: 0 });
    expect(body.dependencies).toEqual([
      { name: t().store.dialect, ok: true },
      { name: 'redis', ok: true },
    ]);
    if (t().store.dialect === 'sqlite') {
      expect(body.disk.totalBytes).toBeGreaterThan(0);
      expect(body.disk.databaseBytes).toBeGreaterThan(0);
    } else {
      // The disk of a PostgreSQL server is not this process's to see.
      expect(body.disk).toBeNull();
    }
    expect(body.maintenance.map((m: { task: string }) => m.task)).toEqual(['reconcile', 'sweep']);
  });

  it('counts pending events as lag and overdue waits, and names the failing deliveries', async () => {
    await t().runtime.close();
    await t().ingest([{ id: 'h-3', type: 'page.viewed', contact: { email: 'c@example.com' } }]);
    t().clock.advance(90_000);
    const { db } = t().store;
    const [contact] = (await sql<{ id: string }>`SELECT id FROM contacts LIMIT 1`.execute(db)).rows;
    const [run] = (await sql<{ id: string }>`SELECT id FROM runs LIMIT 1`.execute(db)).rows;
    if (!contact || !run) throw new Error('a contact and a run expected');
    const now = t().clock.now();
    await sql`INSERT INTO waits (id, run_id, contact_id, node_id, kind, due_at, created_at)
      VALUES ('w-1', ${run.id}, ${contact.id}, 'n', 'delay', ${now - 120_000}, ${now - 200_000})`.execute(db);
    await sql`INSERT INTO outbox (id, kind, contact_id, run_id, payload, idempotency_key, status, attempts, last_error, created_at)
      VALUES ('o-1', 'email', ${contact.id}, ${run.id}, '{}', 'k-1', 'failed', 8, 'SMTP 554 rejected', ${now - 1_000})`.execute(
      db,
    );

    const { body } = await request(app())
      .get('/api/health/overview')
      .set(await tokenHeaders(t().store, 'marketer'))
      .expect(200);
    expect(body.events.pending).toBe(1);
    expect(body.events.lagSeconds).toBe(90);
    expect(body.waits).toEqual({ pending: 1, overdue: 1 });
    expect(body.deliveries).toEqual([
      {
        kind: 'email',
        pending: 0,
        retrying: 0,
        failedLastDay: 1,
        lastError: {
          message: 'SMTP 554 rejected',
          runId: run.id,
          createdAt: new Date(now - 1_000).toISOString(),
        },
      },
    ]);
  });

  it('is for signed-in users only', async () => {
    await request(app()).get('/api/health/overview').expect(401);
  });
});
