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
  /** Nodes whose latest step failed. */
  failedAt: readonly string[];
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

/** Badges for the nodes where the run waits or failed. */
export function runBadges(marks: RunMarks): Record<string, NodeBadge> {
  const out: Record<string, NodeBadge> = {};
  for (const id of marks.failedAt)
    out[id] = { text: 'failed here', title: 'This step failed', tone: 'failed' };
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

/** Nodes whose most recent step failed: a retried step that then succeeded is no longer marked. */
export function failedNodes(
  steps: readonly Pick<RunDetail['steps'][number], 'nodeId' | 'status'>[],
): string[] {
  const last = new Map<string, string>();
  for (const s of steps) last.set(s.nodeId, s.status);
  return [...last].filter(([, status]) => status === 'error').map(([id]) => id);
}
