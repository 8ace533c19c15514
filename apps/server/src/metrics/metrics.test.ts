import { NO_OBSERVER, type RuntimeObserver } from '@scoreflow/runtime';
import { activateFlow, createTestRuntime, flows } from '@scoreflow/runtime/testing';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { tokenHeaders, useTestApp } from '../testing.js';
import { createMetrics } from './registry.js';

const METRICS_TOKEN = 'metrics-scrape-token-0123456789';
const WRITE_KEY = 'wk_metrics_test';

const {
  bare: app,
  runtime: t,
  admin,
} = useTestApp({
  // Workers are not started: accepted events stay pending and their jobs wait in the events queue.
  runtime: true,
  start: false,
  deps: (t) => ({ queues: t.runtime.queues, segmentWriteKeys: [WRITE_KEY], metricsToken: METRICS_TOKEN }),
  per: 'file',
});

/** `name{labels} value` lines of the Prometheus text format, keyed by `name{labels}` as written. */
function parse(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

async function scrape(headers: Record<string, string> = admin()): Promise<Map<string, number>> {
  const res = await request(app()).get('/metrics').set(headers).expect(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parse(res.text);
}

const sample = (samples: Map<string, number>, key: string) => {
  const value = samples.get(key);
  if (value === undefined) throw new Error(`no sample ${key}`);
  return value;
};

describe('GET /metrics', () => {
  it('counts ingestion by source and outcome, and reads the backlog at scrape time', async () => {
    const before = await scrape();
    expect(sample(before, 'scoreflow_events_ingested_total{source="api",outcome="accepted"}')).toBe(0);

    const event = { id: 'm-1', type: 'page.viewed', contact: { email: 'a@example.com' } };
    await request(app()).post('/api/events').set(admin()).send(event).expect(202);
    await request(app()).post('/api/events').set(admin()).send(event).expect(202);
    await request(app()).post('/api/events').set(admin()).send({ id: 'm-bad' }).expect(400);
    const batch = await request(app())
      .post('/api/events/batch')
      .set(admin())
      .send({
        events: [{ id: 'm-2', type: 'page.viewed', contact: { email: 'b@example.com' } }, { type: 1 }],
      })
      .expect(202);
    expect(batch.body).toMatchObject({ accepted: 1, rejected: 1 });
    await request(app())
      .post('/v1/track')
      .auth(WRITE_KEY, '')
      .send({ messageId: 'seg-1', event: 'Signed Up', userId: 'u-1' })
      .expect(200);

    const after = await scrape();
    const ingested = (source: string, outcome: string) =>
      sample(after, `scoreflow_events_ingested_total{source="${source}",outcome="${outcome}"}`);
    expect(ingested('api', 'accepted')).toBe(2);
    expect(ingested('api', 'duplicate')).toBe(1);
    expect(ingested('api', 'rejected')).toBe(2);
    expect(ingested('segment', 'accepted')).toBe(1);
    expect(ingested('csv', 'accepted')).toBe(0);

    expect(sample(after, 'scoreflow_events_pending')).toBe(3);
    expect(sample(after, 'scoreflow_redis_up')).toBe(1);
    expect(sample(after, 'scoreflow_queue_jobs{queue="events",state="waiting"}')).toBe(3);
    expect(sample(after, 'scoreflow_queue_jobs{queue="deliveries",state="waiting"}')).toBe(0);
    expect(
      sample(after, 'scoreflow_queue_oldest_waiting_age_seconds{queue="events"}'),
    ).toBeGreaterThanOrEqual(0);
    expect(sample(after, 'scoreflow_waits_overdue')).toBe(0);
    // Never a contact or an event id in a label.
    for (const key of after.keys()) expect(key).not.toMatch(/m-1|m-2|seg-1|@example\.com/);
  });

  it('takes an admin or the METRICS_TOKEN, and refuses everyone else', async () => {
    const anonymous = await request(app()).get('/metrics').expect(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
    await request(app())
      .get('/metrics')
      .set(await tokenHeaders(t().store, 'marketer'))
      .expect(403);
    await request(app())
      .get('/metrics')
      .set(await tokenHeaders(t().store, 'support'))
      .expect(403);
    await request(app()).get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}x`).expect(401);
    await request(app()).get('/metrics').set('authorization', `Bearer ${WRITE_KEY}`).expect(401);
    await scrape({ authorization: `Bearer ${METRICS_TOKEN}` });
    // The metrics token opens nothing else.
    await request(app()).get('/api/flows').set('authorization', `Bearer ${METRICS_TOKEN}`).expect(401);
  });

  it('leaves the queue gauges out and says so when Redis does not answer', async () => {
    const stalled = new Proxy(t().runtime.queues, {
      get: (target, key) =>
        key === 'close'
          ? target.close
          : { getJobCounts: () => new Promise(() => {}), getJobs: () => new Promise(() => {}) },
    });
    const metrics = createMetrics({ store: t().store, queues: stalled });
    const samples = parse(await metrics.registry.metrics());
    expect(samples.get('scoreflow_redis_up')).toBe(0);
    expect([...samples.keys()].filter((k) => k.startsWith('scoreflow_queue_jobs'))).toEqual([]);
    expect(samples.get('scoreflow_events_pending')).toBe(3);
  });
});

describe('the runtime’s numbers in the scrape', () => {
  it('counts processed events with their latency, and runs per flow by name', async () => {
    // The runtime takes its observer when it is built; the metrics need the store it opens.
    let metrics: ReturnType<typeof createMetrics> | undefined;
    const observer = Object.fromEntries(
      Object.keys(NO_OBSERVER).map((name) => [
        name,
        (...args: unknown[]) => {
          const report = metrics?.observer[name as keyof RuntimeObserver] as
            | ((...a: unknown[]) => void)
            | undefined;
          report?.(...args);
        },
      ]),
    ) as unknown as RuntimeObserver;
    const w = await createTestRuntime({ observer });
    try {
      metrics = createMetrics({ store: w.store });
      await activateFlow(w.store, flows.points('email.clicked', 10));
      await w.runtime.start();
      await w.send(
        { type: 'email.clicked', contact: { email: 'one@example.com' } },
        { type: 'email.clicked', contact: { email: 'two@example.com' } },
      );
      const samples = parse(await metrics.registry.metrics());
      expect(sample(samples, 'scoreflow_event_commit_latency_seconds_count{outcome="processed"}')).toBe(2);
      expect(sample(samples, 'scoreflow_runs_total{flow="email.clicked 10",change="started"}')).toBe(2);
    } finally {
      await w.close();
    }
  });
});
