import type { EventView } from '@scoreflow/engine';
import { CodedError, type StoredEventPayload } from '@scoreflow/flow';
import type { RunFilter, RunRecord } from '@scoreflow/store';
import { type AfterCommit, countRuns, JobContext, type ProcessingDeps } from './context.js';
import { lockRun } from './locks.js';
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

const found = (runId: string, run: RunRecord | undefined): RunRecord => {
  if (!run) throw new RunActionError('run_not_found', `Run ${runId} does not exist`);
  return run;
};

const requireRun = async (deps: ProcessingDeps, runId: string) =>
  found(runId, await deps.store.runs.get(runId));

/** An action changes the run and may run the contact's flows: it holds the contact's lock (see lockRun). */
const lockedRun = async (deps: ProcessingDeps, runId: string) =>
  found(runId, await lockRun(deps.store, runId));

async function eventView(deps: ProcessingDeps, eventId: string | null): Promise<EventView | undefined> {
  const event = eventId ? await deps.store.events.get(eventId) : undefined;
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
export function retryRun(deps: ProcessingDeps, runId: string, actor: string): Promise<ActionResult> {
  const { store } = deps;
  return store.transaction(async () => {
    const run = await lockedRun(deps, runId);
    if (run.status !== 'failed')
      throw new RunActionError('run_not_failed', `Run ${runId} is ${run.status}, not failed`);
    const job = new JobContext(deps, run.contactId, run.triggerEventId ?? undefined);
    // Before anything runs again, so the steps of this retry are told apart from the failed ones.
    await store.runs.beginAttempt(run.id);
    const failedDeliveries = (await store.outbox.listForRun(run.id)).filter((o) => o.status === 'failed');
    if (failedDeliveries.length > 0) {
      for (const row of failedDeliveries) {
        await store.outbox.requeue(row.id);
        job.afterCommit.outbox.push(row.id);
      }
      // The run's own steps are done; it completes once the deliveries succeed.
      await store.runs.update(run.id, { status: 'running', error: null });
      await store.runActions.record({
        runId,
        action: 'retry',
        actor,
        detail: { deliveries: failedDeliveries.map((o) => o.id) },
      });
      return { run: (await store.runs.get(run.id)) as RunRecord, afterCommit: job.afterCommit };
    }
    const failedStep = (await store.steps.listForRun(run.id)).filter((s) => s.status === 'error').at(-1);
    const doc = await deps.flows(run.flowId, run.flowVersion);
    if (!failedStep || !doc)
      throw new RunActionError('nothing_to_retry', `Run ${runId} has no failed step to retry`);
    await store.runs.update(run.id, { status: 'running', error: null, currentNodeId: failedStep.nodeId });
    const event = await eventView(deps, run.triggerEventId);
    const retried = (await store.runs.get(run.id)) as RunRecord;
    const afterCommit = await job.work(() =>
      job.executeRun(retried, doc, {
        kind: 'retry',
        nodeId: failedStep.nodeId,
        ...(event ? { event } : {}),
      }),
    );
    await store.runActions.record({ runId, action: 'retry', actor, detail: { fromNode: failedStep.nodeId } });
    return { run: (await store.runs.get(run.id)) as RunRecord, afterCommit };
  });
}

/** Starts the run again from its trigger on the flow's latest published version, as a new run. */
export function restartRun(deps: ProcessingDeps, runId: string, actor: string): Promise<ActionResult> {
  const { store } = deps;
  return store.transaction(async () => {
    const old = await lockedRun(deps, runId);
    const flow = await store.flows.get(old.flowId);
    if (!flow || flow.latestVersion === null) {
      throw new RunActionError('no_published_version', `Flow ${old.flowId} has no published version`);
    }
    const doc = await deps.flows(old.flowId, flow.latestVersion);
    const triggerNodeId = (await store.steps.listForRun(old.id))[0]?.nodeId;
    const trigger = doc?.nodes.find((n) => n.id === triggerNodeId && n.type.startsWith('trigger.'));
    if (!doc || !trigger) {
      throw new RunActionError(
        'nothing_to_retry',
        `The latest version of flow ${old.flowId} no longer has trigger ${triggerNodeId}`,
      );
    }
    if (ACTIVE.has(old.status)) {
      await store.waits.cancelForRun(old.id);
      await store.runs.update(old.id, { status: 'cancelled', exitReason: 'restarted by support' });
    }
    const job = new JobContext(deps, old.contactId, old.triggerEventId ?? undefined);
    const run = await store.runs.create({
      flowId: old.flowId,
      flowVersion: flow.latestVersion,
      contactId: old.contactId,
      triggerEventId: old.triggerEventId,
      currentNodeId: trigger.id,
      retryOf: old.id,
    });
    const event = await eventView(deps, old.triggerEventId);
    job.noteRun(run, true);
    const afterCommit = await job.work(() =>
      job.executeRun(run, doc, { kind: 'start', triggerNodeId: trigger.id, ...(event ? { event } : {}) }),
    );
    await store.runActions.record({
      runId: old.id,
      action: 'restart',
      actor,
      detail: { newRunId: run.id, version: flow.latestVersion },
    });
    await store.runActions.record({ runId: run.id, action: 'restart', actor, detail: { retryOf: old.id } });
    return { run: (await store.runs.get(run.id)) as RunRecord, afterCommit };
  });
}

/** Cancels a running or waiting run: its waits never fire. */
export function cancelRun(deps: ProcessingDeps, runId: string, actor: string): Promise<RunRecord> {
  const { store } = deps;
  return store.transaction(async () => {
    const run = await lockedRun(deps, runId);
    if (!ACTIVE.has(run.status))
      throw new RunActionError(
        'run_not_active',
        `Run ${runId} is ${run.status}; only active runs can be cancelled`,
      );
    await store.waits.cancelForRun(run.id);
    await store.runs.update(run.id, {
      status: 'cancelled',
      exitReason: `cancelled by ${actor}`,
      currentNodeId: null,
    });
    await store.runActions.record({ runId, action: 'cancel', actor });
    return (await store.runs.get(run.id)) as RunRecord;
  });
}

/** Ends a run's wait now, as if its time had come (the "timeout" branch for a wait-for-event). */
export async function fastForwardRun(
  deps: ProcessingDeps,
  runId: string,
  actor: string,
): Promise<ActionResult> {
  const { store } = deps;
  const wait = await store.transaction(async () => {
    const run = await lockedRun(deps, runId);
    const pending = (await store.waits.listForRun(run.id)).find((w) => w.status === 'pending');
    if (run.status !== 'waiting' || !pending)
      throw new RunActionError('no_wait', `Run ${runId} is not waiting`);
    await store.waits.reschedule(pending.id, deps.now());
    await store.runActions.record({
      runId,
      action: 'fastForward',
      actor,
      detail: { waitId: pending.id, nodeId: pending.nodeId },
    });
    return pending;
  });
  const outcome = await processWait(deps, wait.id);
  return {
    run: await requireRun(deps, runId),
    afterCommit: outcome.status === 'resumed' ? outcome.afterCommit : { waits: [], outbox: [] },
  };
}

/** Retries every failed run matching the filter (all pages, not just what a screen shows). */
export async function retryMatching(
  deps: ProcessingDeps,
  filter: Omit<RunFilter, 'status' | 'limit' | 'offset'>,
  actor: string,
): Promise<{ retried: string[]; failed: { runId: string; error: string }[]; afterCommit: AfterCommit }> {
  const ids: string[] = [];
  // Collect first: retrying changes statuses, which would shift offset-based pages.
  for (let offset = 0; ; offset += 500) {
    const page = await deps.store.runs.list({
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
      const result = await retryRun(deps, id, actor);
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
