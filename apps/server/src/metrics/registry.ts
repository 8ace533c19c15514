import type { Ingest, Queues, RuntimeObserver } from '@scoreflow/runtime';
import type { Store } from '@scoreflow/store';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { readBacklog } from '../services/backlog.js';
import { createObserver } from './observer.js';
import { JOB_STATES, type QueueStats, readQueueStats } from './queueStats.js';

/** Where an event came in; each ingestion route passes its own. */
export const INGEST_SOURCES = ['api', 'segment', 'csv'] as const;
export type IngestSource = (typeof INGEST_SOURCES)[number];
const INGEST_OUTCOMES = ['accepted', 'duplicate', 'rejected'] as const;

/** A scrape waits this long for Redis; past it the queue gauges are left out and `scoreflow_redis_up` is 0. */
const QUEUE_SCRAPE_TIMEOUT_MS = 500;

export interface MetricsOptions {
  store: Store;
  /**
   * The queues whose depth is reported (or a function giving them, when they are made after the
   * metrics, as the runtime's are); without them the queue gauges are left out.
   */
  queues?: Queues | (() => Queues | undefined) | undefined;
  /** `api`, `worker` or `all`, reported as `scoreflow_process_info{role}`. */
  role?: string;
  /** Process memory, CPU, event-loop lag, GC (prom-client's defaults); off in tests that build many apps. */
  processMetrics?: boolean;
}

export interface Metrics {
  readonly registry: Registry;
  /** What the runtime reports about its work (pass it to `createRuntime`). */
  readonly observer: RuntimeObserver;
  /** `ingest`, counting each result by `source` and outcome. */
  countIngest(ingest: Ingest, source: IngestSource): Ingest;
}

/**
 * Every Scoreflow metric on one registry of its own (not prom-client's global one, so test apps never
 * share counters). Counters are counted where the work happens; gauges of the backlog (queues, pending
 * events, waits, deliveries) are read when Prometheus scrapes, so they are never stale.
 */
export function createMetrics(options: MetricsOptions): Metrics {
  const { store } = options;
  const queuesNow = () => (typeof options.queues === 'function' ? options.queues() : options.queues);
  const registry = new Registry();
  const registers = [registry];

  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  if (options.role) {
    new Gauge({
      name: 'scoreflow_process_info',
      help: 'This process and its role (api, worker or all); always 1',
      labelNames: ['role'],
      registers,
    }).set({ role: options.role }, 1);
  }

  const ingested = new Counter({
    name: 'scoreflow_events_ingested_total',
    help: 'Events handed to ingestion, by source and outcome (accepted, duplicate, rejected)',
    labelNames: ['source', 'outcome'],
    registers,
  });
  // Every series exists from the start, so rate() and alerts see 0 rather than no data.
  for (const source of INGEST_SOURCES) {
    for (const outcome of INGEST_OUTCOMES) ingested.inc({ source, outcome }, 0);
  }

  const observer = createObserver({ store, registers });

  // One Redis round trip and one set of database queries per scrape, shared by the gauges that need them.
  const queueStats = oncePerScrape((): Promise<QueueStats[] | undefined> => {
    const queues = queuesNow();
    return queues
      ? readQueueStats(queues, QUEUE_SCRAPE_TIMEOUT_MS).catch(() => undefined)
      : Promise.resolve(undefined);
  });
  const backlog = oncePerScrape(() => readBacklog(store));

  if (options.queues) {
    new Gauge({
      name: 'scoreflow_redis_up',
      help: `1 when Redis answered the queue statistics within ${QUEUE_SCRAPE_TIMEOUT_MS} ms, else 0`,
      registers,
      async collect() {
        this.set((await queueStats()) ? 1 : 0);
      },
    });
    new Gauge({
      name: 'scoreflow_queue_jobs',
      help: 'Jobs in each queue by state (waiting, active, delayed, prioritized, failed)',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        this.reset();
        for (const q of (await queueStats()) ?? []) {
          for (const state of JOB_STATES) this.set({ queue: q.queue, state }, q.counts[state]);
        }
      },
    });
    new Gauge({
      name: 'scoreflow_queue_oldest_waiting_age_seconds',
      help: 'Age of the oldest job that is ready to run but not taken yet, per queue (0: none waiting)',
      labelNames: ['queue'],
      registers,
      async collect() {
        this.reset();
        const now = Date.now();
        for (const q of (await queueStats()) ?? []) {
          const age = q.oldestWaitingAt === null ? 0 : Math.max(0, now - q.oldestWaitingAt) / 1000;
          this.set({ queue: q.queue }, age);
        }
      },
    });
  }

  // These queries run on indexes: cheap enough for every scrape.
  new Gauge({
    name: 'scoreflow_events_pending',
    help: 'Events stored but not processed yet',
    registers,
    async collect() {
      this.set((await backlog()).events.pending);
    },
  });
  new Gauge({
    name: 'scoreflow_events_oldest_pending_age_seconds',
    help: 'How long the oldest unprocessed event has waited since it was received (0: none pending)',
    registers,
    async collect() {
      const oldest = (await backlog()).events.oldestReceivedAt;
      this.set(oldest === null ? 0 : Math.max(0, store.now() - oldest) / 1000);
    },
  });
  new Gauge({
    name: 'scoreflow_waits_pending',
    help: 'Waits (delays, wait-for-event) not fired or cancelled yet',
    registers,
    async collect() {
      this.set((await backlog()).waits.pending);
    },
  });
  new Gauge({
    name: 'scoreflow_waits_overdue',
    help: 'Pending waits more than a minute past their due time',
    registers,
    async collect() {
      this.set((await backlog()).waits.overdue);
    },
  });
  new Gauge({
    name: 'scoreflow_deliveries_pending',
    help: 'Emails, webhooks and sales notifications not delivered yet, per kind',
    labelNames: ['kind'],
    registers,
    async collect() {
      const { deliveries } = await backlog();
      this.reset();
      for (const d of deliveries) this.set({ kind: d.kind }, d.pending);
    },
  });

  return {
    registry,
    observer,
    countIngest(ingest, source) {
      return async (rawEvents) => {
        const results = await ingest(rawEvents);
        for (const r of results) ingested.inc({ source, outcome: r.status });
        return results;
      };
    },
  };
}

/**
 * `read`, called once per scrape: prom-client starts every metric's collect in the same turn of the
 * event loop, so a reading kept until the next turn is shared by the gauges of one scrape only.
 */
function oncePerScrape<T>(read: () => T): () => T {
  let last: { value: T } | undefined;
  return () => {
    if (!last) {
      last = { value: read() };
      setImmediate(() => {
        last = undefined;
      });
    }
    return last.value;
  };
}
