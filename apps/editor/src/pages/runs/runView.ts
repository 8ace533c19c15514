import type { RunDetail } from '@scoreflow/api';
import type { FlowDocument } from '@scoreflow/flow';
import type { Edge } from '@xyflow/react';
import type { NodeBadge } from '../../canvas/badges.js';
import { fromDocument } from '../../store/convert.js';

const BRANCH_LABELS = new Set(['yes', 'no', 'event', 'timeout']);

/** What a run did, reduced to what the read-only graph marks. */
export type RunMarks = {
  path: { nodeIds: readonly string[]; edgeIds: readonly string[] };
  waitingAt: readonly string[];
  /** Nodes whose step failed in the run's current attempt (the server decides). */
  failedAt: readonly string[];
  /** Nodes that failed in an earlier attempt and have succeeded since. */
  repairedAt?: readonly string[];
};

/**
 * Edges of the version that ran, classed by whether the run took them: taken edges are highlighted
 * and animated, the others dimmed, so the path reads at a glance.
 */
export function runEdges(doc: FlowDocument, marks: RunMarks): Edge[] {
  const taken = new Set(marks.path.edgeIds);
  return fromDocument(doc).edges.map((e) => {
    const label = e.sourceHandle && BRANCH_LABELS.has(e.sourceHandle) ? e.sourceHandle : undefined;
    const on = taken.has(e.id);
    return {
      ...e,
      ...(label ? { label } : {}),
      animated: on,
      className: [label && `edge-${label}`, on ? 'edge-on-path' : 'edge-off-path'].filter(Boolean).join(' '),
    };
  });
}

/** Badges for the nodes where the run waits, failed, or succeeded after failing before. */
export function runBadges(marks: RunMarks): Record<string, NodeBadge> {
  const out: Record<string, NodeBadge> = {};
  for (const id of marks.repairedAt ?? [])
    out[id] = {
      text: 'succeeded on retry',
      title: 'This step failed in an earlier attempt and succeeded after the retry',
      tone: 'count',
    };
  for (const id of marks.failedAt)
    out[id] = { text: 'failed here', title: 'This step failed in the current attempt', tone: 'failed' };
  for (const id of marks.waitingAt)
    out[id] = { text: '⏸ waiting here', title: 'The run is waiting at this step', tone: 'waiting' };
  return out;
}

/** A support action on one run. */
export type Action = 'retry' | 'restart' | 'cancel' | 'fastForward';

/** Which support actions make sense for a run in this state (the server checks again and answers 409). */
export function applicableActions(run: Pick<RunDetail, 'status' | 'waits'>): Action[] {
  const out: Action[] = [];
  if (run.status === 'failed') out.push('retry');
  out.push('restart');
  if (run.status === 'running' || run.status === 'waiting') out.push('cancel');
  if (run.status === 'waiting' && run.waits.some((w) => w.status === 'pending')) out.push('fastForward');
  return out;
}

type StepState = Pick<RunDetail['steps'][number], 'nodeId' | 'status' | 'runAttempt'>;

/** Nodes that failed before and whose latest step succeeded: the history a retry repaired. */
export function repairedNodes(steps: readonly StepState[]): string[] {
  const failedOnce = new Set<string>();
  const last = new Map<string, string>();
  for (const s of steps) {
    if (s.status === 'error') failedOnce.add(s.nodeId);
    last.set(s.nodeId, s.status);
  }
  return [...last].filter(([id, status]) => status !== 'error' && failedOnce.has(id)).map(([id]) => id);
}

/** The run's steps by attempt, the current attempt first and the history after it, newest first. */
export function stepsByAttempt<S extends Pick<StepState, 'runAttempt'>>(
  steps: readonly S[],
  current: number,
): { attempt: number; current: boolean; steps: S[] }[] {
  const groups = new Map<number, S[]>([[current, []]]);
  for (const s of steps) groups.set(s.runAttempt, [...(groups.get(s.runAttempt) ?? []), s]);
  return [...groups]
    .sort(([a], [b]) => b - a)
    .map(([attempt, list]) => ({ attempt, current: attempt === current, steps: list }));
}

/**
 * What the toolbar says after an action, read from the run as it is now, so the message moves with
 * the status badge ("attempt 2 is running", then "attempt 2 completed") instead of freezing the
 * status the action answered with.
 */
export function actionOutcome(
  done: { action: Action; attempt: number },
  run: Pick<RunDetail, 'status' | 'attempt'>,
): { kind: 'ok' | 'error'; text: string } {
  if (done.action !== 'retry')
    return { kind: 'ok', text: `${ACTION_DONE[done.action]}: the run is ${run.status}` };
  if (run.attempt !== done.attempt)
    return { kind: 'ok', text: `Retried: the run is on attempt ${run.attempt}` };
  switch (run.status) {
    case 'running':
      return { kind: 'ok', text: `Retrying: attempt ${run.attempt} is running` };
    case 'failed':
      return { kind: 'error', text: `Retry failed: attempt ${run.attempt} failed again` };
    default:
      return { kind: 'ok', text: `Retry succeeded: attempt ${run.attempt} is ${run.status}` };
  }
}

const ACTION_DONE: Record<Action, string> = {
  retry: 'Retried',
  restart: 'Restarted',
  cancel: 'Cancelled',
  fastForward: 'Fast-forwarded',
};

/** How often an unfinished run is fetched again, so a retried run is seen completing without a reload. */
const POLL_MS: Partial<Record<RunDetail['status'], number>> = { running: 1000, waiting: 5000 };
/** An ended run with a delivery still going out (an email after the last step) is watched until it is sent. */
const PENDING_DELIVERY_MS = 2000;

/** How often to fetch the run again; undefined once it has ended and nothing of it is pending. */
export function pollInterval(run: Pick<RunDetail, 'status' | 'outbox'> | null): number | undefined {
  if (!run) return undefined;
  return (
    POLL_MS[run.status] ?? (run.outbox.some((o) => o.status === 'pending') ? PENDING_DELIVERY_MS : undefined)
  );
}
