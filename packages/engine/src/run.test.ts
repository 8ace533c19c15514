import { describe, expect, it } from 'vitest';
import { runFlow } from './run.js';
import { contact, context, flow, node, start } from './testkit.js';

describe('runFlow: fan-out', () => {
  it('runs every branch from one handle depth-first in edge order', () => {
    const doc = flow(
      [
        node('t', 'trigger.event', { event: 'x' }),
        node('a', 'action.addTag', { tag: 'a' }),
        node('a2', 'action.addTag', { tag: 'a2' }),
        node('b', 'action.addTag', { tag: 'b' }),
        node('c', 'action.addTag', { tag: 'c' }),
      ],
      ['t>a', 't>b', 'a>a2', 't>c'],
    );
    const result = runFlow(doc, contact(), start(), context());
    expect(result.status).toBe('completed');
    expect(result.steps.map((s) => s.nodeId)).toEqual(['t', 'a', 'a2', 'b', 'c']);
    expect(result.edges).toEqual(['t>a', 'a>a2', 't>b', 't>c']);
    expect(result.contact.tags).toEqual(['a', 'a2', 'b', 'c']);
  });

  it('is waiting when one branch waits and the other completes', () => {
    const doc = flow(
      [
        node('t', 'trigger.event', { event: 'x' }),
        node('w', 'control.wait', { seconds: 60 }),
        node('after', 'action.addTag', { tag: 'later' }),
        node('now', 'action.addTag', { tag: 'now' }),
      ],
      ['t>w', 'w>after', 't>now'],
    );
    const result = runFlow(doc, contact(), start(), context());
    expect(result.status).toBe('waiting');
    expect(result.waits.map((w) => w.nodeId)).toEqual(['w']);
    expect(result.contact.tags).toEqual(['now']);
  });

  it('an exit ends the whole run: later branches do not run and pending waits are dropped', () => {
    const doc = flow(
      [
        node('t', 'trigger.event', { event: 'x' }),
        node('w', 'control.wait', { seconds: 60 }),
        node('x', 'control.exit', { reason: 'Done' }),
        node('late', 'action.sendEmail', { template: 'never' }),
      ],
      ['t>w', 't>x', 't>late'],
    );
    const result = runFlow(doc, contact(), start(), context());
    expect(result.status).toBe('exited');
    expect(result.exitReason).toBe('Done');
    expect(result.waits).toEqual([]);
    expect(result.effects).toEqual([]);
    expect(result.steps.map((s) => s.nodeId)).toEqual(['t', 'w', 'x']);
  });

  it('a branch ends at a node with no edge on the taken handle', () => {
    const doc = flow(
      [node('t', 'trigger.event', { event: 'x' }), node('c', 'condition.hasTag', { tag: 'vip' })],
      ['t>c'],
    );
    const result = runFlow(doc, contact(), start(), context());
    expect(result.status).toBe('completed');
    expect(result.steps[1]?.handle).toBe('no');
  });
});

describe('runFlow: purity', () => {
  it('does not mutate the contact passed in and returns a new one', () => {
    const who = contact({ scores: { SCORE: 1 }, tags: ['t'], lists: ['l'], attributes: { a: 1 } });
    const before = structuredClone(who);
    const doc = flow(
      [
        node('t', 'trigger.event', { event: 'x' }),
        node('s', 'action.adjustScore', { score: 'SCORE', delta: 5 }),
        node('g', 'action.addTag', { tag: 'new' }),
        node('l', 'action.removeFromList', { list: 'l' }),
        node('a', 'action.setAttribute', { attribute: 'a', value: 2 }),
      ],
      ['t>s', 's>g', 'g>l', 'l>a'],
    );
    const result = runFlow(doc, who, start(), context());
    expect(who).toEqual(before);
    expect(result.contact).toMatchObject({
      scores: { SCORE: 6 },
      tags: ['t', 'new'],
      lists: [],
      attributes: { a: 2 },
    });
  });

  it('gives the same result for the same input', () => {
    const doc = flow(
      [node('t', 'trigger.event', { event: 'x' }), node('s', 'condition.split', { percent: 50 })],
      ['t>s'],
    );
    const a = runFlow(doc, contact(), start(), context({ flowId: 'f-77' }));
    const b = runFlow(doc, contact(), start(), context({ flowId: 'f-77' }));
    expect(a).toEqual(b);
  });
});

describe('runFlow: failures', () => {
  it('fails on an invalid config, naming the node and the problem, keeping earlier effects', () => {
    const doc = flow(
      [
        node('t', 'trigger.event', { event: 'x' }),
        node('ok', 'action.addTag', { tag: 'first' }),
        node('bad', 'action.adjustScore', { score: 'SCORE', delta: 'ten' }),
        node('never', 'action.addTag', { tag: 'never' }),
      ],
      ['t>ok', 'ok>bad', 'bad>never'],
    );
    const result = runFlow(doc, contact(), start(), context());
    expect(result.status).toBe('failed');
    expect(result.errorCode).toBe('invalid_config');
    expect(result.error).toMatch(/Node bad \(action\.adjustScore\) has an invalid config: delta: /);
    expect(result.effects).toEqual([{ kind: 'tag', nodeId: 'ok', tag: 'first', op: 'add' }]);
    expect(result.steps.at(-1)).toMatchObject({ nodeId: 'bad', status: 'error', error: result.error });
    expect(result.waits).toEqual([]);
  });

  it('fails on an unknown node type and on a missing node', () => {
    const unknown = flow(
      [node('t', 'trigger.event', { event: 'x' }), node('u', 'action.teleport', {})],
      ['t>u'],
    );
    expect(runFlow(unknown, contact(), start(), context())).toMatchObject({
      status: 'failed',
      errorCode: 'unknown_node_type',
    });
    const dangling = flow([node('t', 'trigger.event', { event: 'x' })], ['t>ghost']);
    expect(runFlow(dangling, contact(), start(), context())).toMatchObject({
      status: 'failed',
      errorCode: 'node_not_found',
    });
    expect(runFlow(dangling, contact(), start('nope'), context())).toMatchObject({
      status: 'failed',
      errorCode: 'node_not_found',
    });
  });

  it('fails when an executor throws, e.g. the event count lookup', () => {
    const doc = flow(
      [node('t', 'trigger.event', { event: 'x' }), node('c', 'condition.eventCount')],
      ['t>c'],
    );
    const ctx = context({
      countEvents: () => {
        throw new Error('database is locked');
      },
    });
    const result = runFlow(doc, contact(), start(), ctx);
    expect(result).toMatchObject({ status: 'failed', errorCode: 'executor_failed' });
    expect(result.error).toContain('database is locked');
  });
});

describe('runFlow: step budget', () => {
  // Validation forbids a cycle without a wait; the engine must still stop one.
  const loop = flow(
    [
      node('t', 'trigger.event', { event: 'x' }),
      node('inc', 'action.adjustScore', { score: 'SCORE', delta: 1 }),
      node('check', 'condition.score', { score: 'SCORE', op: '>', value: -1 }),
    ],
    ['t>inc', 'inc>check', 'check:yes>inc'],
  );

  it('fails a looping flow after 1000 steps, keeping what it did', () => {
    const result = runFlow(loop, contact(), start(), context());
    expect(result.status).toBe('failed');
    expect(result.errorCode).toBe('step_budget_exceeded');
    expect(result.error).toBe('step budget of 1000 exceeded: the flow loops');
    expect(result.steps).toHaveLength(1000);
    // trigger + 500 increments + 499 checks
    expect(result.contact.scores.SCORE).toBe(500);
    expect(result.effects).toHaveLength(500);
  });

  it('counts the steps of earlier invocations and honours a custom budget', () => {
    const result = runFlow(loop, contact(), start(), context({ stepBudget: 10, stepsSoFar: 4 }));
    expect(result.steps).toHaveLength(6);
    expect(result.error).toBe('step budget of 10 exceeded: the flow loops');
  });

  it('lets a flow use exactly its budget', () => {
    const doc = flow(
      [node('t', 'trigger.event', { event: 'x' }), node('a', 'action.addTag', { tag: 'a' })],
      ['t>a'],
    );
    expect(runFlow(doc, contact(), start(), context({ stepBudget: 2 })).status).toBe('completed');
    expect(runFlow(doc, contact(), start(), context({ stepBudget: 1 })).status).toBe('failed');
  });
});

describe('runFlow: retry from a failed step', () => {
  it('executes the failed node again and goes on from there, without re-running earlier nodes', () => {
    const doc = flow(
      [
        node('t', 'trigger.event', { event: 'x' }),
        node('a', 'action.adjustScore', { score: 'SCORE', delta: 10 }),
        node('c', 'condition.eventCount', { event: 'email.opened', min: 1, withinDays: 30 }),
        node('y', 'action.addTag', { tag: 'opener' }),
      ],
      ['t>a', 'a>c', 'c:yes>y'],
    );
    let broken = true;
    const ctx = context({
      countEvents: () => {
        if (broken) throw new Error('database is locked');
        return 2;
      },
    });
    const first = runFlow(doc, contact(), start(), ctx);
    expect(first).toMatchObject({ status: 'failed' });
    expect(first.steps.at(-1)).toMatchObject({ nodeId: 'c', status: 'error' });

    broken = false;
    const retried = runFlow(doc, first.contact, { kind: 'retry', nodeId: 'c' }, ctx);
    expect(retried.status).toBe('completed');
    expect(retried.steps.map((s) => s.nodeId)).toEqual(['c', 'y']);
    expect(retried.contact).toMatchObject({ scores: { SCORE: 10 }, tags: ['opener'] });
  });
});
