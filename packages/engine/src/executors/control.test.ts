import { describe, expect, it } from 'vitest';
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
