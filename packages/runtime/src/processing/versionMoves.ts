import type { FlowDocument } from '@scoreflow/flow';
import type { RunRecord } from '@scoreflow/store';
import { type AfterCommit, JobContext, type ProcessingDeps } from './context.js';
import { lockRun } from './locks.js';

/** Where a moved run goes when its step is not in the new version: out of the flow, or to a step. */
export type MissingStepChoice = { kind: 'exit' } | { kind: 'node'; nodeId: string };

/** What a version move did to each waiting run of the flow's older versions. */
export interface MoveSummary {
  toVersion: number;
  /** Now on the new version at the same step, waits kept. */
  moved: number;
  /** Their step is not in the new version: sent to the chosen step. */
  redirected: number;
  /** Their step is not in the new version: taken out of the flow. */
  exited: number;
  afterCommit: AfterCommit;
}

/** A run's step is "the same" in the new version when a node of the same id and type is there. */
function sameStep(from: FlowDocument | undefined, to: FlowDocument, nodeId: string | null): boolean {
  if (nodeId === null) return false;
  const before = from?.nodes.find((n) => n.id === nodeId);
  const after = to.nodes.find((n) => n.id === nodeId);
  return before !== undefined && after !== undefined && before.type === after.type;
}

type Outcome = 'moved' | 'redirected' | 'exited' | 'unchanged';

/**
 * Moves one waiting run to `toVersion` under its contact's lock, so no event of the contact is
 * processed halfway through. Its waits keep their due times; a run whose step the new version lacks
 * goes where `missing` says. Recorded on the run (action "move"). A run that is no longer waiting,
 * or already on that version, is left as it is.
 */
async function moveOne(
  deps: ProcessingDeps,
  runId: string,
  to: { version: number; doc: FlowDocument },
  missing: MissingStepChoice,
  actor: string,
  afterCommit: AfterCommit,
): Promise<Outcome> {
  const { store } = deps;
  return store.transaction(async () => {
    const run = await lockRun(store, runId);
    if (run?.status !== 'waiting' || run.flowVersion >= to.version) return 'unchanged';
    const from = await deps.flows(run.flowId, run.flowVersion);
    const detail = { fromVersion: run.flowVersion, toVersion: to.version, fromNode: run.currentNodeId };
    if (sameStep(from, to.doc, run.currentNodeId)) {
      await store.runs.moveToVersion(run.id, to.version);
      await store.runActions.record({ runId, action: 'move', actor, detail });
      return 'moved';
    }
    await store.waits.cancelForRun(run.id);
    if (missing.kind === 'exit') {
      const job = new JobContext(deps, run.contactId, run.triggerEventId ?? undefined);
      const done = await job.work(() =>
        job.finishRun(run, 'exited', {
          exitReason: `moved to version ${to.version}, which no longer has its step`,
        }),
      );
      afterCommit.waits.push(...done.waits);
      afterCommit.outbox.push(...done.outbox);
      await store.runActions.record({ runId, action: 'move', actor, detail: { ...detail, exited: true } });
      return 'exited';
    }
    await store.runs.moveToVersion(run.id, to.version);
    await store.runs.update(run.id, { status: 'running', currentNodeId: missing.nodeId });
    const job = new JobContext(deps, run.contactId, run.triggerEventId ?? undefined);
    const moved = (await store.runs.get(run.id)) as RunRecord;
    const done = await job.work(() =>
      job.executeRun(moved, to.doc, { kind: 'retry', nodeId: missing.nodeId }),
    );
    afterCommit.waits.push(...done.waits);
    afterCommit.outbox.push(...done.outbox);
    await store.runActions.record({
      runId,
      action: 'move',
      actor,
      detail: { ...detail, toNode: missing.nodeId },
    });
    return 'redirected';
  });
}

/**
 * Moves every waiting run of a flow's older versions to its latest version (the publish dialog's
 * "move contacts to the new version"). Runs in the middle of a step finish on their own version.
 */
export async function moveRunsToLatest(
  deps: ProcessingDeps,
  flowId: string,
  missing: MissingStepChoice,
  actor: string,
): Promise<MoveSummary | undefined> {
  const { store } = deps;
  const flow = await store.flows.get(flowId);
  if (!flow || flow.latestVersion === null) return undefined;
  const doc = await deps.flows(flowId, flow.latestVersion);
  if (!doc) return undefined;
  const to = { version: flow.latestVersion, doc };
  const summary: MoveSummary = {
    toVersion: to.version,
    moved: 0,
    redirected: 0,
    exited: 0,
    afterCommit: { waits: [], outbox: [] },
  };
  // Collected first: moved runs leave the filter, so paging over it while moving would skip some.
  const ids: string[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await store.runs.list({ flowId, status: 'waiting', limit: 500, offset });
    for (const run of page) if (run.flowVersion < to.version) ids.push(run.id);
    if (page.length < 500) break;
  }
  for (const id of ids) {
    const outcome = await moveOne(deps, id, to, missing, actor, summary.afterCommit);
    if (outcome !== 'unchanged') summary[outcome] += 1;
  }
  return summary;
}
