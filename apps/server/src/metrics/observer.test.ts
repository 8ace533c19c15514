import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { emptyFlowDocument } from '@scoreflow/flow';
import { openStore, type Store } from '@scoreflow/store';
import { createTestDatabase, type TestDatabase } from '@scoreflow/store/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_FLOW_LABELS } from './observer.js';
import { createMetrics, type Metrics } from './registry.js';

let dir: string;
let database: TestDatabase;
let store: Store;
let metrics: Metrics;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'scoreflow-observer-'));
  database = await createTestDatabase(dir);
  store = await openStore(database.location);
  metrics = createMetrics({ store });
});
afterEach(async () => {
  await store.close();
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

const flow = async (name: string) =>
  (
    await store.flows.create({
      document: emptyFlowDocument(name),
    })
  ).id;

/** The samples of one metric, as `{labels} → value`. */
async function values(name: string): Promise<Record<string, number>> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values: all } = await metric.get();
  return Object.fromEntries(all.map((v) => [JSON.stringify(v.labels), v.value]));
}

describe('the runtime observer', () => {
  it('turns each report into its metric, with bounded labels', async () => {
    const { observer } = metrics;
    const welcome = await flow('Welcome');
    observer.eventProcessed('processed', 1_500);
    observer.eventProcessed('failed', 20);
    observer.runsChanged(welcome, 'started', 3);
    observer.runsChanged(welcome, 'completed', 2);
    observer.runsChanged('no-such-flow', 'failed', 1);
    observer.delivery('email', 'sent');
    observer.delivery('email', 'retried');
    observer.delivery('carrier-pigeon', 'failed');
    observer.reconciled({ events: 2, failedEvents: 1, waits: 0, deliveries: 4 });
    observer.maintenance('sweep', 250);
    observer.maintenance('rm -rf', 1);
    observer.transaction('events', 3);

    expect(await values('scoreflow_runs_total')).toEqual({
      '{"flow":"Welcome","change":"started"}': 3,
      '{"flow":"Welcome","change":"completed"}': 2,
      '{"flow":"(deleted flow)","change":"failed"}': 1,
    });
    const deliveries = await values('scoreflow_deliveries_total');
    expect(deliveries['{"kind":"email","outcome":"sent"}']).toBe(1);
    expect(deliveries['{"kind":"email","outcome":"retried"}']).toBe(1);
    expect(deliveries['{"kind":"other","outcome":"failed"}']).toBe(1);
    expect(await values('scoreflow_reconciler_repairs_total')).toEqual({
      '{"kind":"events"}': 2,
      '{"kind":"failed_events"}': 1,
      '{"kind":"waits"}': 0,
      '{"kind":"deliveries"}': 4,
    });

    const text = await metrics.registry.metrics();
    expect(text).toContain('scoreflow_event_commit_latency_seconds_count{outcome="processed"} 1');
    expect(text).toContain('scoreflow_event_commit_latency_seconds_sum{outcome="processed"} 1.5');
    expect(text).toContain('scoreflow_event_commit_latency_seconds_bucket{le="2.5",outcome="processed"} 1');
    expect(text).toContain('scoreflow_event_commit_latency_seconds_bucket{le="1",outcome="processed"} 0');
    expect(text).toContain('scoreflow_maintenance_duration_seconds_sum{task="sweep"} 0.25');
    expect(text).toContain('scoreflow_maintenance_duration_seconds_count{task="other"} 1');
    expect(text).toMatch(/scoreflow_maintenance_last_run_timestamp_seconds\{task="sweep"\} \d+/);
    expect(text).toContain('scoreflow_store_transaction_duration_seconds_count{queue="events"} 1');
  });

  it(`gives at most ${MAX_FLOW_LABELS} flows a series of their own`, async () => {
    const ids: string[] = [];
    for (let i = 0; i < MAX_FLOW_LABELS + 5; i++) ids.push(await flow(`Flow ${i}`));
    for (const id of ids) metrics.observer.runsChanged(id, 'started', 1);
    const runs = await values('scoreflow_runs_total');
    expect(Object.keys(runs)).toHaveLength(MAX_FLOW_LABELS + 1);
    expect(runs['{"flow":"other","change":"started"}']).toBe(5);
  });
});
