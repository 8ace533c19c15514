/**
 * What the runtime reports about its own work, for metrics. The runtime calls these after the fact
 * (never inside a transaction's critical path); the server implements them with Prometheus metrics.
 * Every label value is drawn from a small, fixed set (queue names, outcomes, node kinds) or names an
 * operator chose (flow names): never a contact or event id.
 */
export interface RuntimeObserver {
  /** An event's processing committed: how long after it was received, and how it ended. */
  eventProcessed(outcome: 'processed' | 'skipped' | 'failed', receivedToCommitMs: number): void;
  /** Runs started, completed or failed by one committed job, per flow. */
  runsChanged(flowId: string, change: 'started' | 'completed' | 'failed', count: number): void;
  /** A delivery attempt (an email, a webhook...) ended. `retried` means another attempt is scheduled. */
  delivery(kind: string, outcome: 'sent' | 'failed' | 'retried'): void;
  /** The reconciler handed work back to Redis (or failed events whose job gave up). */
  reconciled(report: { events: number; failedEvents: number; waits: number; deliveries: number }): void;
  /** A maintenance task (reconcile, sweep, decay, retention) ran for `durationMs`. */
  maintenance(task: string, durationMs: number): void;
  /** One store transaction of the processing of a job took `durationMs`. */
  transaction(queue: string, durationMs: number): void;
}

/** The observer of a runtime that reports to nobody. */
export const NO_OBSERVER: RuntimeObserver = {
  eventProcessed: () => {},
  runsChanged: () => {},
  delivery: () => {},
  reconciled: () => {},
  maintenance: () => {},
  transaction: () => {},
};
