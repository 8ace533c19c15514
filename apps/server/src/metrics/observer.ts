import type { RuntimeObserver } from '@scoreflow/runtime';
import type { Store } from '@scoreflow/store';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { QUEUE_KEYS } from './queueStats.js';

/** Durations that are usually short but may grow to minutes under load or after an outage. */
const SECONDS_BUCKETS = [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900];
/** A store transaction is milliseconds; the top buckets are for a disk or a database that stalls. */
const TRANSACTION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];

/**
 * At most this many flows get a series of their own; runs of flows beyond it count under `other`.
 * Flows are made by people, so the limit is rarely reached, but a script creating flows in a loop
 * must not be able to grow Prometheus's memory without bound.
 */
export const MAX_FLOW_LABELS = 200;
const KNOWN_DELIVERY_KINDS = new Set(['email', 'webhook', 'notifySales']);
const KNOWN_TASKS = new Set(['reconcile', 'sweep', 'decay', 'retention']);
const KNOWN_QUEUES = new Set<string>(QUEUE_KEYS);
const known = (set: Set<string>, value: string) => (set.has(value) ? value : 'other');

/**
 * The server's {@link RuntimeObserver}: each report becomes a Prometheus counter or histogram on
 * `registers`. Label values come from fixed sets or from flow names (looked up once per flow id);
 * anything outside them is counted as `other`.
 */
export function createObserver(deps: { store: Store; registers: Registry[] }): RuntimeObserver {
  const { store, registers } = deps;
  const eventLatency = new Histogram({
    name: 'scoreflow_event_commit_latency_seconds',
    help: 'From an event being received to its processing being committed, by outcome',
    labelNames: ['outcome'],
    buckets: SECONDS_BUCKETS,
    registers,
  });
  const runs = new Counter({
    name: 'scoreflow_runs_total',
    help: 'Runs started, completed or failed, per flow (by name)',
    labelNames: ['flow', 'change'],
    registers,
    // A scrape includes every report made before it, also those still waiting for their flow's name.
    async collect() {
      await Promise.all(counting);
    },
  });
  const deliveries = new Counter({
    name: 'scoreflow_deliveries_total',
    help: 'Delivery attempts (email, webhook, notifySales) by outcome: sent, failed for good, retried',
    labelNames: ['kind', 'outcome'],
    registers,
  });
  for (const kind of KNOWN_DELIVERY_KINDS) {
    for (const outcome of ['sent', 'failed', 'retried']) deliveries.inc({ kind, outcome }, 0);
  }
  const repairs = new Counter({
    name: 'scoreflow_reconciler_repairs_total',
    help: 'Work the reconciler found in the database but not in Redis and queued again, or events it failed',
    labelNames: ['kind'],
    registers,
  });
  for (const kind of ['events', 'failed_events', 'waits', 'deliveries']) repairs.inc({ kind }, 0);
  const maintenance = new Histogram({
    name: 'scoreflow_maintenance_duration_seconds',
    help: 'How long each maintenance task (reconcile, sweep, decay, retention) took',
    labelNames: ['task'],
    buckets: SECONDS_BUCKETS,
    registers,
  });
  const lastMaintenance = new Gauge({
    name: 'scoreflow_maintenance_last_run_timestamp_seconds',
    help: 'When each maintenance task last finished in this process (Unix time)',
    labelNames: ['task'],
    registers,
  });
  const transactions = new Histogram({
    name: 'scoreflow_store_transaction_duration_seconds',
    help: 'Database transaction time of job processing, per queue',
    labelNames: ['queue'],
    buckets: TRANSACTION_BUCKETS,
    registers,
  });

  // Names once known, so a flow's later reports count at once; the lookup's promise meanwhile, so
  // reports that arrive together read the flow once.
  const flowLabels = new Map<string, string>();
  const lookups = new Map<string, Promise<string>>();
  const counting = new Set<Promise<void>>();
  const lookUp = (flowId: string): Promise<string> => {
    let lookup = lookups.get(flowId);
    if (!lookup) {
      // A deleted flow's runs still count, under a name that cannot be a flow's.
      lookup = store.flows.get(flowId).then(
        (flow) => {
          const label = flow?.name ?? '(deleted flow)';
          flowLabels.set(flowId, label);
          return label;
        },
        // The database did not answer: counted, but not named, and asked again next time.
        () => 'other',
      );
      void lookup.finally(() => lookups.delete(flowId));
      lookups.set(flowId, lookup);
    }
    return lookup;
  };
  /** Calls `use` with the flow's label: at once when it is known, else when the flow has been read. */
  const withFlowLabel = (flowId: string, use: (label: string) => void): void => {
    const named = flowLabels.get(flowId);
    if (named !== undefined) use(named);
    else if (!lookups.has(flowId) && flowLabels.size + lookups.size >= MAX_FLOW_LABELS) use('other');
    else {
      const counted = lookUp(flowId).then(use);
      counting.add(counted);
      void counted.finally(() => counting.delete(counted));
    }
  };

  return {
    eventProcessed(outcome, receivedToCommitMs) {
      eventLatency.observe({ outcome }, Math.max(0, receivedToCommitMs) / 1000);
    },
    runsChanged(flowId, change, count) {
      if (count > 0) withFlowLabel(flowId, (flow) => runs.inc({ flow, change }, count));
    },
    delivery(kind, outcome) {
      deliveries.inc({ kind: known(KNOWN_DELIVERY_KINDS, kind), outcome });
    },
    reconciled(report) {
      repairs.inc({ kind: 'events' }, report.events);
      repairs.inc({ kind: 'failed_events' }, report.failedEvents);
      repairs.inc({ kind: 'waits' }, report.waits);
      repairs.inc({ kind: 'deliveries' }, report.deliveries);
    },
    maintenance(task, durationMs) {
      const label = known(KNOWN_TASKS, task);
      maintenance.observe({ task: label }, Math.max(0, durationMs) / 1000);
      lastMaintenance.set({ task: label }, Date.now() / 1000);
    },
    transaction(queue, durationMs) {
      transactions.observe({ queue: known(KNOWN_QUEUES, queue) }, Math.max(0, durationMs) / 1000);
    },
  };
}
