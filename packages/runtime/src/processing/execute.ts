import type { EngineInput } from '@scoreflow/engine';
import type { FlowDocument } from '@scoreflow/flow';
import { newId, type RunRecord } from '@scoreflow/store';
import { decideReentry, type PreviousRuns, readsPreviousRuns, UNREAD_PREVIOUS_RUNS } from '../reentry.js';
import type { JobContext } from './context.js';
import { applyEffects } from './effects.js';
import { runEngine } from './engineReads.js';

/**
 * Runs the engine for one run and persists everything it did: steps, effects, waits and the run's
 * new status. All inside the caller's transaction.
 */
export async function executeRun(
  job: JobContext,
  run: RunRecord,
  doc: FlowDocument,
  input: EngineInput,
  /** The run is not written yet (startRun): it is inserted once, with the status this execution gives. */
  unsaved = false,
): Promise<void> {
  const { store } = job.deps;
  const isNew = job.firstExecutionOfNewRun(run.id);
  job.noteRun(run, false);
  const prior = input.kind === 'resume' ? await job.readSteps(run.id) : [];
  // A node can run more than once in a run (a loop through a wait); each visit is its own step.
  const visits = new Map<string, number>();
  for (const step of prior) visits.set(step.nodeId, (visits.get(step.nodeId) ?? 0) + 1);

  const before = await job.contact();
  const result = await runEngine(job, run, doc, before, input, prior.length);
  // A new run's row is written once its first execution says how it stands: one statement instead of
  // an insert and an update, gathered with the job's other new runs (written before its waits and
  // steps, which point at it).
  const standing = unsaved
    ? standingAfter(
        result.status,
        result,
        result.waits.map((w) => w.nodeId),
      )
    : undefined;
  if (standing) {
    await job.createRun({
      id: run.id,
      flowId: run.flowId,
      flowVersion: run.flowVersion,
      contactId: run.contactId,
      triggerEventId: run.triggerEventId,
      ...standing,
    });
  }

  const effectVisits = new Map(visits);
  const skipped = await applyEffects(job, run, before, result.effects, (nodeId) => {
    const n = effectVisits.get(nodeId) ?? 0;
    effectVisits.set(nodeId, n + 1);
    return n;
  });

  // Which traversed edges leave each node, so the run view can highlight the path taken.
  const sourceOf = new Map(doc.edges.map((e) => [e.id, e.source]));
  const leaving = new Map<string, string[]>();
  for (const edgeId of result.edges) {
    const source = sourceOf.get(edgeId);
    if (source !== undefined) leaving.set(source, [...(leaving.get(source) ?? []), edgeId]);
  }
  await job.countEdges({
    flowId: run.flowId,
    flowVersion: run.flowVersion,
    edgeIds: result.edges,
    atMs: job.now,
  });

  // The run's steps in one statement with those of the job's other runs: each is a round trip on PostgreSQL.
  await job.recordSteps(
    result.steps.map((step, index) => {
      const attempt = visits.get(step.nodeId) ?? 0;
      visits.set(step.nodeId, attempt + 1);
      // The engine itself skips emails to unsubscribed contacts; the runtime adds what only it can see.
      const engineSkip = typeof step.output.skipped === 'string' ? step.output.skipped : undefined;
      const skipReason = skipped.get(step.nodeId) ?? engineSkip;
      return {
        runId: run.id,
        nodeId: step.nodeId,
        nodeType: step.nodeType,
        attempt,
        status: step.status === 'error' ? 'error' : skipReason ? 'skipped' : 'ok',
        // One input per execution: its first step carries it, the others share it (see NewStep).
        input: index === 0 ? stepInput(input) : undefined,
        output: {
          ...step.output,
          ...(step.handle ? { handle: step.handle } : {}),
          ...(skipReason ? { skipped: skipReason } : {}),
          ...(leaving.has(step.nodeId) ? { edges: leaving.get(step.nodeId) } : {}),
        },
        error: step.error ?? null,
        startedAt: job.now,
        endedAt: job.now,
      };
    }),
  );

  if (result.waits.length > 0) await job.writeGatheredRuns();
  for (const wait of result.waits) {
    const created = await store.waits.create(
      wait.kind === 'event'
        ? { runId: run.id, nodeId: wait.nodeId, kind: 'event', eventType: wait.eventType, dueAt: wait.dueAt }
        : { runId: run.id, nodeId: wait.nodeId, kind: 'delay', dueAt: wait.dueAt },
    );
    job.afterCommit.waits.push({ id: created.id, dueAtMs: created.dueAtMs });
  }

  job.adoptContact(result.contact);
  if (standing) {
    // Waits an ending run made are cancelled with it, as finishRun does.
    if (ENDED.has(standing.status) && result.waits.length > 0) await store.waits.cancelForRun(run.id);
    job.countEnded(run, standing.status);
    return;
  }
  await job.finishRun(run, result.status, {
    exitReason: result.exitReason,
    error: result.error,
    // A run created by this job has the waits this execution made, none from before.
    ...(isNew ? { pendingWaitNodes: result.waits.map((w) => w.nodeId) } : {}),
  });
}

/** How an execution leaves a run. */
export type RunEnd = 'completed' | 'waiting' | 'exited' | 'failed';

export interface FinishDetail {
  exitReason?: string | undefined;
  error?: string | undefined;
  /** The nodes of the run's pending waits, oldest first, when the caller knows them (else read). */
  pendingWaitNodes?: readonly string[];
}

/**
 * Sets the run's status after an engine invocation; a run with branches still waiting stays 'waiting'.
 * Returns the status the run ends up with.
 */
export async function finishRun(
  job: JobContext,
  runId: string,
  status: RunEnd,
  detail: FinishDetail = {},
): Promise<RunEnd> {
  const { store } = job.deps;
  if (ENDED.has(status)) {
    await store.waits.cancelForRun(runId);
    const standing = standingAfter(status, detail, []);
    await store.runs.update(runId, standing);
    return standing.status;
  }
  const pending =
    detail.pendingWaitNodes ??
    (await store.waits.listForRun(runId)).filter((w) => w.status === 'pending').map((w) => w.nodeId);
  const standing = standingAfter(status, detail, pending);
  await store.runs.update(runId, standing);
  return standing.status;
}

const ENDED: ReadonlySet<RunEnd> = new Set(['failed', 'exited']);

/**
 * Where a run stands after an execution: failed or exited as the engine says (with why), else waiting
 * at its last pending wait (a run with branches still waiting stays 'waiting'), else completed.
 */
function standingAfter(
  status: RunEnd,
  detail: Pick<FinishDetail, 'exitReason' | 'error'>,
  pendingWaitNodes: readonly string[],
): { status: RunEnd; currentNodeId: string | null; exitReason?: string; error?: string } {
  if (status === 'failed') return { status, currentNodeId: null, error: detail.error ?? 'failed' };
  if (status === 'exited') return { status, currentNodeId: null, exitReason: detail.exitReason ?? 'exited' };
  const last = pendingWaitNodes.at(-1);
  return last ? { status: 'waiting', currentNodeId: last } : { status: 'completed', currentNodeId: null };
}

/**
 * Starts a run of a flow version at a trigger node, if the flow's re-entry policy lets the contact in.
 * Returns the run, or undefined when the contact may not enter.
 */
export async function startRun(
  job: JobContext,
  target: { flowId: string; version: number; nodeId: string },
  input: EngineInput & { kind: 'start' },
): Promise<RunRecord | undefined> {
  const { store, flows } = job.deps;
  const doc = await flows(target.flowId, target.version);
  if (!doc) return undefined;
  const policy = doc.settings.reentry;
  let previous = UNREAD_PREVIOUS_RUNS;
  if (readsPreviousRuns(policy)) {
    // The contact's last run of the flow may be one this job started.
    await job.writeGatheredRuns();
    previous = previousRuns(await store.runs.entryOf(target.flowId, job.contactId));
  }
  const decision = decideReentry(policy, previous, job.now);
  if (!decision.enter) return undefined;
  const run: RunRecord = {
    id: newId(),
    flowId: target.flowId,
    flowVersion: target.version,
    contactId: job.contactId,
    status: 'running',
    triggerEventId: job.eventId ?? null,
    currentNodeId: target.nodeId,
    startedAt: new Date(job.now).toISOString(),
    updatedAt: new Date(job.now).toISOString(),
    endedAt: null,
    exitReason: null,
    error: null,
    retryOf: null,
    attempt: 1,
  };
  job.noteRun(run, true);
  await executeRun(job, run, doc, input, true);
  return run;
}

const previousRuns = ({ last, active }: { last: RunRecord | undefined; active: boolean }): PreviousRuns => ({
  any: last !== undefined,
  active,
  lastStartedAt: last ? Date.parse(last.startedAt) : undefined,
});

function stepInput(input: EngineInput): Record<string, unknown> {
  switch (input.kind) {
    case 'start':
      return { trigger: input.triggerNodeId, eventId: input.event?.id ?? null };
    case 'resume':
      return { resume: input.outcome, eventId: input.event?.id ?? null };
    case 'retry':
      return { retry: input.nodeId };
  }
}
