import type { EventView } from '@scoreflow/engine';
import { CodedError, type StoredEventPayload } from '@scoreflow/flow';
import type { RunFilter, RunRecord } from '@scoreflow/store';
import { type AfterCommit, countRuns, JobContext, type ProcessingDeps } from './context.js';
import { processWait } from './processWait.js';

/** Why a support action was refused; the API maps it to 404 or 409. */
export type RunActionErrorCode =
  | 'run_not_found'
  | 'run_not_failed'
  | 'run_not_active'
  | 'nothing_to_retry'
  | 'no_published_version'
  | 'no_wait';

export class RunActionError extends CodedError<RunActionErrorCode> {}

export interface ActionResult {
  run: RunRecord;
  afterCommit: AfterCommit;
}

const ACTIVE = new Set(['running', 'waiting']);

function requireRun(deps: ProcessingDeps, runId: string): RunRecord {
  const run = deps.store.runs.get(runId);
  if (!run) throw new RunActionError('run_not_found', `Run ${runId} does not exist`);
  return run;
}

function eventView(deps: ProcessingDeps, eventId: string | null): EventView | undefined {
  const event = eventId ? deps.store.events.get(eventId) : undefined;
  if (!event) return undefined;
  const payload = event.payload as StoredEventPayload;
  return {
    id: event.id,
    type: event.type,
    properties: payload.properties ?? {},
    occurredAt: Date.parse(event.occurredAt),
  };
}

/**
 * Retries a failed run from where it failed: deliveries that failed are queued again, or the node
 * whose step failed is executed again on the same version and the run goes on from there.
 */
export function retryRun(deps: ProcessingDeps, runId: string, actor: string): ActionResult {
  const { store } = deps;
  return store.transaction(() => {
    const run = requireRun(deps, runId);
    if (run.status !== 'failed')
      throw new RunActionError('run_not_failed', `Run ${runId} is ${run.status}, not failed`);
    const job = new JobContext(deps, run.contactId, run.triggerEventId ?? undefined);
    // Before anything runs again, so the steps of this retry are told apart from the failed ones.
    store.runs.beginAttempt(run.id);
    const failedDeliveries = store.outbox.listForRun(run.id).filter((o) => o.status === 'failed');
    if (failedDeliveries.length > 0) {
      for (const row of failedDeliveries) {
        store.outbox.requeue(row.id);
        job.afterCommit.outbox.push(row.id);
      }
      // The run's own steps are done; it completes once the deliveries succeed.
      store.runs.update(run.id, { status: 'running', error: null });
      store.runActions.record({
        runId,
        action: 'retry',
        actor,
        detail: { deliveries: failedDeliveries.map((o) => o.id) },
      });
      return { run: store.runs.get(run.id) as RunRecord, afterCommit: job.afterCommit };
    }
    const failedStep = store.steps
      .listForRun(run.id)
      .filter((s) => s.status === 'error')
      .at(-1);
    const doc = deps.flows(run.flowId, run.flowVersion);
    if (!failedStep || !doc)
      throw new RunActionError('nothing_to_retry', `Run ${runId} has no failed step to retry`);
    store.runs.update(run.id, { status: 'running', error: null, currentNodeId: failedStep.nodeId });
    const event = eventView(deps, run.triggerEventId);
    const afterCommit = job.work(() =>
      job.executeRun(store.runs.get(run.id) as RunRecord, doc, {
        kind: 'retry',
        nodeId: failedStep.nodeId,
        ...(event ? { event } : {}),
      }),
    );
    store.runActions.record({ runId, action: 'retry', actor, detail: { fromNode: failedStep.nodeId } });
    return { run: store.runs.get(run.id) as RunRecord, afterCommit };
  });
}

/** Starts the run again from its trigger on the flow's latest published version, as a new run. */
export function restartRun(deps: ProcessingDeps, runId: string, actor: string): ActionResult {
  const { store } = deps;
  return store.transaction(() => {
    const old = requireRun(deps, runId);
    const flow = store.flows.get(old.flowId);
    if (!flow || flow.latestVersion === null) {
      throw new RunActionError('no_published_version', `Flow ${old.flowId} has no published version`);
    }
    const doc = deps.flows(old.flowId, flow.latestVersion);
    const triggerNodeId = store.steps.listForRun(old.id)[0]?.nodeId;
    const trigger = doc?.nodes.find((n) => n.id === triggerNodeId && n.type.startsWith('trigger.'));
    if (!doc || !trigger) {
      throw new RunActionError(
        'nothing_to_retry',
        `The latest version of flow ${old.flowId} no longer has trigger ${triggerNodeId}`,
      );
    }
    if (ACTIVE.has(old.status)) {
      store.waits.cancelForRun(old.id);
      store.runs.update(old.id, { status: 'cancelled', exitReason: 'restarted by support' });
    }
    const job = new JobContext(deps, old.contactId, old.triggerEventId ?? undefined);
    const run = store.runs.create({
      flowId: old.flowId,
      flowVersion: flow.latestVersion,
      contactId: old.contactId,
      triggerEventId: old.triggerEventId,
      currentNodeId: trigger.id,
      retryOf: old.id,
    });
    const event = eventView(deps, old.triggerEventId);
    job.noteRun(run, true);
    const afterCommit = job.work(() =>
      job.executeRun(run, doc, { kind: 'start', triggerNodeId: trigger.id, ...(event ? { event } : {}) }),
    );
    store.runActions.record({
      runId: old.id,
      action: 'restart',
      actor,
      detail: { newRunId: run.id, version: flow.latestVersion },
    });
    store.runActions.record({ runId: run.id, action: 'restart', actor, detail: { retryOf: old.id } });
    return { run: store.runs.get(run.id) as RunRecord, afterCommit };
  });
}

/** Cancels a running or waiting run: its waits never fire. */
export function cancelRun(deps: ProcessingDeps, runId: string, actor: string): RunRecord {
  const { store } = deps;
  return store.transaction(() => {
    const run = requireRun(deps, runId);
    if (!ACTIVE.has(run.status))
      throw new RunActionError(
        'run_not_active',
        `Run ${runId} is ${run.status}; only active runs can be cancelled`,
      );
    store.waits.cancelForRun(run.id);
    store.runs.update(run.id, {
      status: 'cancelled',
      exitReason: `cancelled by ${actor}`,
      currentNodeId: null,
    });
    store.runActions.record({ runId, action: 'cancel', actor });
    return store.runs.get(run.id) as RunRecord;
  });
}

/** Ends a run's wait now, as if its time had come (the "timeout" branch for a wait-for-event). */
export function fastForwardRun(deps: ProcessingDeps, runId: string, actor: string): ActionResult {
  const { store } = deps;
  const wait = store.transaction(() => {
    const run = requireRun(deps, runId);
    const pending = store.waits.listForRun(run.id).find((w) => w.status === 'pending');
    if (run.status !== 'waiting' || !pending)
      throw new RunActionError('no_wait', `Run ${runId} is not waiting`);
    store.waits.reschedule(pending.id, deps.now());
    store.runActions.record({
      runId,
      action: 'fastForward',
      actor,
      detail: { waitId: pending.id, nodeId: pending.nodeId },
    });
    return pending;
  });
  const outcome = processWait(deps, wait.id);
  return {
    run: requireRun(deps, runId),
    afterCommit: outcome.status === 'resumed' ? outcome.afterCommit : { waits: [], outbox: [] },
  };
}

/** Retries every failed run matching the filter (all pages, not just what a screen shows). */
export function retryMatching(
  deps: ProcessingDeps,
  filter: Omit<RunFilter, 'status' | 'limit' | 'offset'>,
  actor: string,
): { retried: string[]; failed: { runId: string; error: string }[]; afterCommit: AfterCommit } {
  const ids: string[] = [];
  // Collect first: retrying changes statuses, which would shift offset-based pages.
  for (let offset = 0; ; offset += 500) {
    const page = deps.store.runs.list({
      ...filter,
      status: 'failed',
      limit: 500,
      offset,
      sort: 'startedAt',
      order: 'asc',
    });
    ids.push(...page.map((r) => r.id));
    if (page.length < 500) break;
  }
  const afterCommit: AfterCommit = { waits: [], outbox: [] };
  const retried: string[] = [];
  const failed: { runId: string; error: string }[] = [];
  for (const id of ids) {
    try {
      const result = retryRun(deps, id, actor);
      afterCommit.waits.push(...result.afterCommit.waits);
      afterCommit.outbox.push(...result.afterCommit.outbox);
      for (const [flowId, tally] of Object.entries(result.afterCommit.runs ?? {}))
        countRuns(afterCommit, flowId, tally);
      retried.push(id);
    } catch (err) {
      failed.push({ runId: id, error: (err as Error).message });
    }
  }
  return { retried, failed, afterCommit };
}
