import { compareScore } from '@scoreflow/engine';
import type { ExitCriterion } from '@scoreflow/flow';
import type { RunRecord } from '@scoreflow/store';
import type { JobContext } from './context.js';

const DAY_MS = 86_400_000;

/**
 * Checks the flow exit criteria of the contact's active runs: a goal reached, or no engagement for the
 * inactivity window. Runs when events arrive and from the scheduled sweep, so a contact waiting
 * inside a flow leaves it without having to move.
 */
export async function checkExits(job: JobContext, runs?: readonly RunRecord[]): Promise<void> {
  const { store, flows } = job.deps;
  const active =
    runs ??
    ((await job.mayHaveActiveRuns())
      ? await store.runs.list({ contactId: job.contactId, status: ['running', 'waiting'], limit: 1_000 })
      : []);
  for (const run of active) {
    const doc = await flows(run.flowId, run.flowVersion);
    if (!doc) continue;
    for (const criterion of doc.settings.exits) {
      const reason = await exitReason(job, run, criterion);
      if (!reason) continue;
      if (criterion.kind === 'inactivity') await applyExitScores(job, run, criterion);
      await job.finishRun(run, 'exited', { exitReason: reason });
      break;
    }
  }
}

async function exitReason(
  job: JobContext,
  run: RunRecord,
  criterion: ExitCriterion,
): Promise<string | undefined> {
  if (criterion.kind === 'goal') {
    const value = (await job.contact()).scores[criterion.score] ?? 0;
    return compareScore(value, criterion.op, criterion.value)
      ? `goal reached: ${criterion.score} ${criterion.op} ${criterion.value}`
      : undefined;
  }
  const lastEngaged = (await job.deps.store.events.lastOccurredAt(run.contactId, criterion.events)) ?? 0;
  // A contact who entered recently has not been inactive for the whole window, whatever came before.
  const since = Math.max(lastEngaged, Date.parse(run.startedAt));
  return job.now - since >= criterion.days * DAY_MS
    ? `inactive: no ${criterion.events.join(' or ')} for ${criterion.days} days`
    : undefined;
}

async function applyExitScores(
  job: JobContext,
  run: RunRecord,
  criterion: ExitCriterion & { kind: 'inactivity' },
): Promise<void> {
  for (const change of criterion.scores) {
    const request =
      change.kind === 'set'
        ? { score: change.score, value: change.value }
        : { score: change.score, delta: change.delta };
    await job.changeScore(request, {
      causeKind: 'exit',
      flowId: run.flowId,
      flowVersion: run.flowVersion,
      runId: run.id,
      note: `exit criterion ${criterion.id}`,
    });
  }
}
