import type { FlowDocument } from '@scoreflow/flow';
import { edge, flow, node } from '@scoreflow/flow/testing';
import { describe, expect, it } from 'vitest';
import { edgeCountLabel } from '../../canvas/Canvas.js';
import { waitingBadges } from '../../canvas/useFlowStats.js';
import {
  actionOutcome,
  applicableActions,
  pollInterval,
  repairedNodes,
  runBadges,
  runEdges,
  stepsByAttempt,
} from './runView.js';

const doc: FlowDocument = flow(
  [
    node('t', 'trigger.event', { event: 'email.clicked' }),
    node('c', 'condition.score', { score: 'SCORE', op: '>', value: 5 }),
    node('y', 'action.addTag', { tag: 'hot' }),
    node('n', 'action.addTag', { tag: 'cold' }),
  ],
  [edge('e1', 't', 'c'), edge('e2', 'c', 'y', 'yes'), edge('e3', 'c', 'n', 'no')],
  { name: 'Qualify' },
);

describe('the read-only graph of a run', () => {
  it('highlights the edges the run took and dims the branch it did not take', () => {
    const edges = runEdges(doc, {
      path: { nodeIds: ['t', 'c', 'y'], edgeIds: ['e1', 'e2'] },
      waitingAt: [],
      failedAt: [],
    });
    const byId = Object.fromEntries(edges.map((e) => [e.id, e]));
    expect(byId.e1?.className).toBe('edge-on-path');
    expect(byId.e1?.animated).toBe(true);
    expect(byId.e2).toMatchObject({ label: 'yes', className: 'edge-yes edge-on-path' });
    expect(byId.e3).toMatchObject({ label: 'no', className: 'edge-no edge-off-path', animated: false });
  });

  it('marks where a run waits and where it failed', () => {
    const badges = runBadges({ path: { nodeIds: [], edgeIds: [] }, waitingAt: ['c'], failedAt: ['y'] });
    expect(badges.c).toMatchObject({ tone: 'waiting' });
    expect(badges.y).toMatchObject({ tone: 'failed', text: 'failed here' });
    expect(Object.keys(badges)).toHaveLength(2);
  });

  it('marks a node that failed before a retry and succeeded since as repaired, not failed', () => {
    const steps = [
      { nodeId: 'a', status: 'ok' as const, runAttempt: 1 },
      { nodeId: 'w', status: 'error' as const, runAttempt: 1 },
      { nodeId: 'w', status: 'ok' as const, runAttempt: 2 },
      { nodeId: 'x', status: 'error' as const, runAttempt: 2 },
    ];
    expect(repairedNodes(steps)).toEqual(['w']);
    const badges = runBadges({
      path: { nodeIds: [], edgeIds: [] },
      waitingAt: [],
      failedAt: ['x'],
      repairedAt: ['w'],
    });
    expect(badges.w).toMatchObject({ text: 'succeeded on retry' });
    expect(badges.x).toMatchObject({ tone: 'failed' });
  });

  it('groups steps by attempt, the current one first even before it has a step', () => {
    const steps = [
      { id: '1', runAttempt: 1 },
      { id: '2', runAttempt: 1 },
      { id: '3', runAttempt: 2 },
    ];
    expect(stepsByAttempt(steps, 2).map((g) => [g.attempt, g.current, g.steps.map((s) => s.id)])).toEqual([
      [2, true, ['3']],
      [1, false, ['1', '2']],
    ]);
    expect(stepsByAttempt(steps.slice(0, 2), 2)[0]).toEqual({ attempt: 2, current: true, steps: [] });
  });
});

describe('the message after a retry', () => {
  it('follows the run as it is now, so it never contradicts the status badge', () => {
    const done = { action: 'retry' as const, attempt: 2 };
    expect(actionOutcome(done, { status: 'running', attempt: 2 })).toEqual({
      kind: 'ok',
      text: 'Retrying: attempt 2 is running',
    });
    expect(actionOutcome(done, { status: 'completed', attempt: 2 }).text).toBe(
      'Retry succeeded: attempt 2 is completed',
    );
    expect(actionOutcome(done, { status: 'failed', attempt: 2 })).toMatchObject({ kind: 'error' });
    expect(actionOutcome({ action: 'cancel', attempt: 1 }, { status: 'cancelled', attempt: 1 }).text).toBe(
      'Cancelled: the run is cancelled',
    );
  });

  it('polls while the run is going or a delivery is pending, and stops once nothing is', () => {
    const pending = [{ status: 'pending' }] as never;
    expect(pollInterval({ status: 'running', outbox: [] })).toBe(1000);
    expect(pollInterval({ status: 'completed', outbox: pending })).toBe(2000);
    expect(pollInterval({ status: 'completed', outbox: [] })).toBeUndefined();
    expect(pollInterval({ status: 'failed', outbox: [{ status: 'failed' }] as never })).toBeUndefined();
    expect(pollInterval(null)).toBeUndefined();
  });
});

describe('support actions offered for a run', () => {
  const pending = [{ id: 'w', nodeId: 'n', kind: 'delay', status: 'pending', dueAt: '' }];
  it('follows the run status', () => {
    expect(applicableActions({ status: 'failed', waits: [] })).toEqual(['retry', 'restart']);
    expect(applicableActions({ status: 'waiting', waits: pending })).toEqual([
      'restart',
      'cancel',
      'fastForward',
    ]);
    expect(applicableActions({ status: 'running', waits: [] })).toEqual(['restart', 'cancel']);
    expect(applicableActions({ status: 'completed', waits: [] })).toEqual(['restart']);
  });
  it('offers fast-forward only when a wait is still pending', () => {
    expect(
      applicableActions({ status: 'waiting', waits: [{ ...pending[0], status: 'fired' }] as never }),
    ).not.toContain('fastForward');
  });
});

describe('live canvas labels', () => {
  it('badges only nodes with contacts waiting, and labels edges with their run counts', () => {
    expect(waitingBadges({ waitingByNode: { a: 2, b: 0, c: 1 } })).toEqual({
      a: expect.objectContaining({ text: '2 waiting' }),
      c: expect.objectContaining({ text: '1 waiting', title: '1 contact is waiting at this step' }),
    });
    expect(waitingBadges(null)).toEqual({});
    expect(edgeCountLabel(1)).toBe('1 run');
    expect(edgeCountLabel(0)).toBe('0 runs');
    expect(edgeCountLabel(undefined)).toBeUndefined();
  });
});
