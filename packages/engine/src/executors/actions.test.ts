import { describe, expect, it } from 'vitest';
import { runFlow } from '../run.js';
import { contact, context, flow, node, start } from '../testkit.js';
import type { ContactView, EngineResult } from '../types.js';
import { adjustedScore } from './actions.js';

/** trigger -> the given action nodes in a chain. */
function chain(who: ContactView, ...actions: [string, Record<string, unknown>][]): EngineResult {
  const nodes = [
    node('t', 'trigger.event', { event: 'x' }),
    ...actions.map(([type, c], i) => node(`a${i}`, type, c)),
  ];
  const edges = nodes.slice(1).map((n, i) => `${nodes[i]?.id}>${n.id}`);
  return runFlow(flow(nodes, edges), who, start(), context());
}

describe('action.adjustScore', () => {
  it('adds and subtracts points, a missing score starting at 0', () => {
    const result = chain(contact(), ['action.adjustScore', { score: 'SCORE', delta: 10 }]);
    expect(result.effects).toEqual([
      { kind: 'score', nodeId: 'a0', score: 'SCORE', delta: 10, value: 10, previous: 0 },
    ]);
    expect(result.contact.scores.SCORE).toBe(10);
    expect(result.steps[1]).toMatchObject({
      handle: 'next',
      output: { previous: 0, value: 10, changed: true },
    });
  });

  it('keeps the score within floor and cap, reporting the real delta', () => {
    const capped = chain(contact({ scores: { SCORE: 95 } }), [
      'action.adjustScore',
      { score: 'SCORE', delta: 10, cap: 100 },
    ]);
    expect(capped.effects).toEqual([
      { kind: 'score', nodeId: 'a0', score: 'SCORE', delta: 5, value: 100, previous: 95 },
    ]);
    const floored = chain(contact({ scores: { SCORE: 1 } }), [
      'action.adjustScore',
      { score: 'SCORE', delta: -2, floor: 0 },
    ]);
    expect(floored.contact.scores.SCORE).toBe(0);
    expect(floored.effects[0]).toMatchObject({ delta: -1, value: 0, previous: 1 });
  });

  it('records no effect when the score is already at the cap', () => {
    const result = chain(contact({ scores: { SCORE: 100 } }), [
      'action.adjustScore',
      { score: 'SCORE', delta: 10, cap: 100 },
    ]);
    expect(result.effects).toEqual([]);
    expect(result.steps[1]?.output).toMatchObject({ delta: 0, changed: false });
  });

  it('never moves a score against the sign of the change', () => {
    expect(adjustedScore(150, { score: 'S', delta: 10, cap: 100 })).toBe(150);
    expect(adjustedScore(-20, { score: 'S', delta: -5, floor: 0 })).toBe(-20);
    expect(adjustedScore(50, { score: 'S', delta: 10, floor: 0, cap: 100 })).toBe(60);
  });
});

describe('action.setScore', () => {
  it('sets a score with delta = value - previous', () => {
    const result = chain(contact({ scores: { SCORE: 37 } }), [
      'action.setScore',
      { score: 'SCORE', value: 0 },
    ]);
    expect(result.effects).toEqual([
      { kind: 'score', nodeId: 'a0', score: 'SCORE', delta: -37, value: 0, previous: 37 },
    ]);
    expect(result.contact.scores.SCORE).toBe(0);
  });

  it('records no effect when the value does not change', () => {
    expect(chain(contact(), ['action.setScore', { score: 'SCORE', value: 0 }]).effects).toEqual([]);
  });
});

describe('action.setAttribute', () => {
  it('sets, changes and clears attributes with the previous value', () => {
    const result = chain(
      contact({ attributes: { stage: 'lead' } }),
      ['action.setAttribute', { attribute: 'stage', value: 'mql' }],
      ['action.setAttribute', { attribute: 'seats', value: 5 }],
      ['action.setAttribute', { attribute: 'stage', value: null }],
    );
    expect(result.effects).toEqual([
      { kind: 'attribute', nodeId: 'a0', attribute: 'stage', value: 'mql', previous: 'lead' },
      { kind: 'attribute', nodeId: 'a1', attribute: 'seats', value: 5, previous: null },
      { kind: 'attribute', nodeId: 'a2', attribute: 'stage', value: null, previous: 'mql' },
    ]);
    expect(result.contact.attributes).toEqual({ seats: 5 });
  });

  it('records no effect when the value is unchanged', () => {
    const result = chain(contact({ attributes: { stage: 'lead' } }), [
      'action.setAttribute',
      { attribute: 'stage', value: 'lead' },
    ]);
    expect(result.effects).toEqual([]);
  });
});

describe('tags and lists', () => {
  it('action.addTag and action.removeTag record only real changes', () => {
    const result = chain(
      contact({ tags: ['old'] }),
      ['action.addTag', { tag: 'vip' }],
      ['action.addTag', { tag: 'vip' }],
      ['action.removeTag', { tag: 'old' }],
      ['action.removeTag', { tag: 'never' }],
    );
    expect(result.effects).toEqual([
      { kind: 'tag', nodeId: 'a0', tag: 'vip', op: 'add' },
      { kind: 'tag', nodeId: 'a2', tag: 'old', op: 'remove' },
    ]);
    expect(result.contact.tags).toEqual(['vip']);
    expect(result.steps.map((s) => s.output.changed)).toEqual([undefined, true, false, true, false]);
  });

  it('action.addToList and action.removeFromList record only real changes', () => {
    const result = chain(
      contact({ lists: ['Newsletter'] }),
      ['action.addToList', { list: 'Qualified leads' }],
      ['action.addToList', { list: 'Newsletter' }],
      ['action.removeFromList', { list: 'Newsletter' }],
      ['action.removeFromList', { list: 'Customers' }],
    );
    expect(result.effects).toEqual([
      { kind: 'list', nodeId: 'a0', list: 'Qualified leads', op: 'add' },
      { kind: 'list', nodeId: 'a2', list: 'Newsletter', op: 'remove' },
    ]);
    expect(result.contact.lists).toEqual(['Qualified leads']);
  });
});

describe('outgoing actions', () => {
  it('action.sendEmail, action.webhook and action.notifySales become effects in order', () => {
    const result = chain(
      contact(),
      ['action.sendEmail', { template: 'discount' }],
      ['action.webhook', { url: 'https://crm.example.com/hook' }],
      ['action.notifySales', { to: 'sales@example.com', message: 'Hot lead' }],
    );
    expect(result.status).toBe('completed');
    expect(result.effects).toEqual([
      { kind: 'outbound', nodeId: 'a0', nodeType: 'action.sendEmail', config: { template: 'discount' } },
      {
        kind: 'outbound',
        nodeId: 'a1',
        nodeType: 'action.webhook',
        config: { url: 'https://crm.example.com/hook' },
      },
      {
        kind: 'outbound',
        nodeId: 'a2',
        nodeType: 'action.notifySales',
        config: { to: 'sales@example.com', message: 'Hot lead' },
      },
    ]);
  });

  it('sends no email to an unsubscribed contact but goes on with the flow', () => {
    const result = chain(
      contact({ unsubscribed: true }),
      ['action.sendEmail', { template: 'discount' }],
      ['action.addTag', { tag: 'offered' }],
    );
    expect(result.effects).toEqual([{ kind: 'tag', nodeId: 'a1', tag: 'offered', op: 'add' }]);
    expect(result.steps[1]?.output).toEqual({ template: 'discount', skipped: 'unsubscribed' });
  });
});

describe('score definition bounds', () => {
  const bounded = (floor: number | null, cap: number | null) =>
    context({ scoreBounds: (score: string) => (score === 'SCORE' ? { floor, cap } : undefined) });
  const run = (
    who: ContactView,
    action: [string, Record<string, unknown>],
    ctx: ReturnType<typeof context>,
  ) => {
    const nodes = [node('t', 'trigger.event', { event: 'x' }), node('a0', action[0], action[1])];
    return runFlow(flow(nodes, ['t>a0']), who, start(), ctx);
  };

  it('caps adjustments and sets at the definition, the tighter of node and definition winning', () => {
    const capped = run(
      contact({ scores: { SCORE: 95 } }),
      ['action.adjustScore', { score: 'SCORE', delta: 10 }],
      bounded(0, 100),
    );
    expect(capped.contact.scores.SCORE).toBe(100);
    const tighter = run(
      contact({ scores: { SCORE: 40 } }),
      ['action.adjustScore', { score: 'SCORE', delta: 30, cap: 60 }],
      bounded(0, 100),
    );
    expect(tighter.contact.scores.SCORE).toBe(60);
    const set = run(contact(), ['action.setScore', { score: 'SCORE', value: -5 }], bounded(0, 100));
    expect(set.effects).toEqual([]);
    expect(set.steps[1]?.output).toMatchObject({ value: 0, changed: false });
  });

  it('leaves other scores unbounded', () => {
    const other = run(contact(), ['action.adjustScore', { score: 'OTHER', delta: 500 }], bounded(0, 100));
    expect(other.contact.scores.OTHER).toBe(500);
  });
});

describe('per-contact rate limit on adjustScore', () => {
  const limited = (gained: number) => {
    const nodes = [
      node('t', 'trigger.event', { event: 'x' }),
      node('a0', 'action.adjustScore', { score: 'SCORE', delta: 10, limit: 20, limitDays: 1 }),
    ];
    return runFlow(flow(nodes, ['t>a0']), contact(), start(), context({ recentGain: () => gained }));
  };

  it('adds what is left of the allowance in the window, then nothing', () => {
    expect(limited(0).contact.scores.SCORE).toBe(10);
    const partly = limited(15);
    expect(partly.contact.scores.SCORE).toBe(5);
    expect(partly.steps[1]?.output).toMatchObject({ delta: 5, limited: true });
    const spent = limited(20);
    expect(spent.effects).toEqual([]);
    expect(spent.steps[1]?.output).toMatchObject({ delta: 0, limited: true, changed: false });
  });
});
