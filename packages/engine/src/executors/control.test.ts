import { describe, expect, it } from 'vitest';
import { splitBucket } from '../hash.js';
import { runFlow } from '../run.js';
import { contact, context, event, flow, NOW, node, start } from '../testkit.js';

const waitFlow = flow(
  [
    node('t', 'trigger.event', { event: 'x' }),
    node('w', 'control.wait', { seconds: 3 * 86_400 }),
    node('a', 'action.addTag', { tag: 'after-wait' }),
  ],
  ['t>w', 'w>a'],
);

const waitForEventFlow = flow(
  [
    node('t', 'trigger.event', { event: 'x' }),
    node('w', 'control.waitForEvent', { event: 'email.opened', timeoutSeconds: 3600 }),
    node('opened', 'action.adjustScore', { score: 'SCORE', delta: 5 }),
    node('skipped', 'action.adjustScore', { score: 'SCORE', delta: -2 }),
  ],
  ['t>w', 'w:event>opened', 'w:timeout>skipped'],
);

describe('control.wait', () => {
  it('pauses the branch with a due time and resumes on next', () => {
    const first = runFlow(waitFlow, contact(), start(), context());
    expect(first.status).toBe('waiting');
    expect(first.waits).toEqual([{ nodeId: 'w', kind: 'delay', dueAt: NOW + 3 * 86_400_000 }]);
    expect(first.contact.tags).toEqual([]);

    const resumed = runFlow(
      waitFlow,
      first.contact,
      { kind: 'resume', waitNodeId: 'w', outcome: 'elapsed' },
      context({ stepsSoFar: first.steps.length }),
    );
    expect(resumed.status).toBe('completed');
    expect(resumed.steps[0]).toMatchObject({ nodeId: 'w', handle: 'next', output: { outcome: 'elapsed' } });
    expect(resumed.edges).toEqual(['w>a']);
    expect(resumed.contact.tags).toEqual(['after-wait']);
  });

  it('cannot be resumed by an event', () => {
    const result = runFlow(
      waitFlow,
      contact(),
      { kind: 'resume', waitNodeId: 'w', outcome: 'event' },
      context(),
    );
    expect(result.status).toBe('failed');
    expect(result.errorCode).toBe('outcome_mismatch');
  });
});

describe('control.waitForEvent', () => {
  it('asks to wait for the event with the timeout as due time', () => {
    const first = runFlow(waitForEventFlow, contact(), start(), context());
    expect(first.status).toBe('waiting');
    expect(first.waits).toEqual([
      { nodeId: 'w', kind: 'event', eventType: 'email.opened', dueAt: NOW + 3_600_000 },
    ]);
  });

  it('resumes on the event branch when the event came', () => {
    const ev = event('email.opened', {}, 'ev-open');
    const result = runFlow(
      waitForEventFlow,
      contact({ scores: { SCORE: 10 } }),
      { kind: 'resume', waitNodeId: 'w', outcome: 'event', event: ev },
      context(),
    );
    expect(result.steps[0]).toMatchObject({ nodeId: 'w', handle: 'event', output: { eventId: 'ev-open' } });
    expect(result.edges).toEqual(['w:event>opened']);
    expect(result.contact.scores.SCORE).toBe(15);
  });

  it('resumes on the timeout branch when the time ran out', () => {
    for (const outcome of ['timeout', 'elapsed'] as const) {
      const result = runFlow(
        waitForEventFlow,
        contact({ scores: { SCORE: 10 } }),
        { kind: 'resume', waitNodeId: 'w', outcome },
        context(),
      );
      expect(result.edges, outcome).toEqual(['w:timeout>skipped']);
      expect(result.contact.scores.SCORE, outcome).toBe(8);
    }
  });

  it('refuses to resume a node that is not a wait', () => {
    const result = runFlow(
      waitForEventFlow,
      contact(),
      { kind: 'resume', waitNodeId: 'opened', outcome: 'event' },
      context(),
    );
    expect(result.status).toBe('failed');
    expect(result.errorCode).toBe('not_a_wait');
    expect(result.effects).toEqual([]);
  });
});

describe('control.exit', () => {
  it('ends the run as exited with its reason', () => {
    const doc = flow(
      [node('t', 'trigger.event', { event: 'x' }), node('x', 'control.exit', { reason: 'Decayed' })],
      ['t>x'],
    );
    const result = runFlow(doc, contact(), start(), context());
    expect(result.status).toBe('exited');
    expect(result.exitReason).toBe('Decayed');
    expect(result.steps[1]).toEqual({
      nodeId: 'x',
      nodeType: 'control.exit',
      status: 'ok',
      output: { reason: 'Decayed' },
    });
  });

  it('names the node when no reason is given', () => {
    const doc = flow([node('t', 'trigger.event', { event: 'x' }), node('x', 'control.exit', {})], ['t>x']);
    expect(runFlow(doc, contact(), start(), context()).exitReason).toBe('Exit at x');
  });
});

describe('control.abTest', () => {
  const abFlow = flow(
    [
      node('t', 'trigger.event', { event: 'x' }),
      node('ab', 'control.abTest', {
        variants: [
          { name: 'Price', percent: 30 },
          { name: 'Plain', percent: 40 },
        ],
        holdout: 30,
      }),
      node('a', 'action.addTag', { tag: 'A' }),
      node('b', 'action.addTag', { tag: 'B' }),
    ],
    ['t>ab', 'ab:A>a', 'ab:B>b'],
  );
  const ids = Array.from({ length: 200 }, (_, i) => `contact-${i}`);

  it('sends each contact down its variant by its bucket, and ends a held-out contact with nothing done', () => {
    const seen = new Map<string, number>();
    for (const id of ids) {
      const result = runFlow(abFlow, contact({ id }), start(), context());
      const bucket = splitBucket(context().flowId, id, 'ab');
      const expected = bucket < 30 ? 'holdout' : bucket < 60 ? 'A' : 'B';
      const step = result.steps.find((s) => s.nodeId === 'ab');
      expect(step?.output).toMatchObject({ branch: expected, bucket });
      expect(result.status).toBe('completed');
      expect(result.contact.tags).toEqual(expected === 'holdout' ? [] : [expected]);
      if (expected === 'A') expect(step).toMatchObject({ handle: 'A', output: { variant: 'Price' } });
      seen.set(expected, (seen.get(expected) ?? 0) + 1);
    }
    // 200 contacts spread over the shares (30/30/40) within a wide margin.
    for (const [branch, share] of [
      ['holdout', 30],
      ['A', 30],
      ['B', 40],
    ] as const)
      expect(seen.get(branch) ?? 0).toBeGreaterThan(share * 2 * 0.6);
  });

  it('gives a contact the same branch in another run of the same flow, and spreads another flow independently', () => {
    const branchIn = (flowId: string, id: string) =>
      runFlow(abFlow, contact({ id }), start(), context({ flowId })).steps.find((s) => s.nodeId === 'ab')
        ?.output.branch;
    for (const id of ids.slice(0, 20)) expect(branchIn('f1', id)).toBe(branchIn('f1', id));
    const differs = ids.filter((id) => branchIn('f1', id) !== branchIn('f2', id));
    expect(differs.length).toBeGreaterThan(20);
  });
});
