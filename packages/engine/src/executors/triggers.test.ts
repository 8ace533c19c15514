import { describe, expect, it } from 'vitest';
import { runFlow } from '../run.js';
import { contact, context, event, flow, node, start } from '../testkit.js';

/** A trigger followed by one tag action, so following 'next' is visible as an effect. */
function triggerFlow(type: string, config: Record<string, unknown>) {
  return flow([node('t', type, config), node('a', 'action.addTag', { tag: 'entered' })], ['t>a']);
}

describe('trigger executors', () => {
  it('trigger.event records the event and continues on next', () => {
    const doc = triggerFlow('trigger.event', { event: 'email.clicked' });
    const result = runFlow(doc, contact(), start('t', event('email.clicked', {}, 'ev-42')), context());
    expect(result.status).toBe('completed');
    expect(result.steps[0]).toEqual({
      nodeId: 't',
      nodeType: 'trigger.event',
      status: 'ok',
      output: { event: 'email.clicked', eventId: 'ev-42' },
      handle: 'next',
    });
    expect(result.edges).toEqual(['t>a']);
    expect(result.contact.tags).toEqual(['entered']);
  });

  it('trigger.scoreThreshold shows the score that fired it', () => {
    const doc = triggerFlow('trigger.scoreThreshold', { score: 'SCORE', value: 50, direction: 'up' });
    const result = runFlow(doc, contact({ scores: { SCORE: 55 } }), start(), context());
    expect(result.steps[0]?.output).toEqual({ score: 'SCORE', threshold: 50, direction: 'up', value: 55 });
    expect(result.contact.tags).toEqual(['entered']);
  });

  it('trigger.tagAdded, trigger.listJoined and trigger.attributeChanged continue on next', () => {
    const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
      ['trigger.tagAdded', { tag: 'vip' }, { tag: 'vip' }],
      ['trigger.listJoined', { list: 'Newsletter' }, { list: 'Newsletter' }],
      ['trigger.attributeChanged', { attribute: 'plan' }, { attribute: 'plan', value: 'pro' }],
    ];
    for (const [type, config, output] of cases) {
      const result = runFlow(
        triggerFlow(type, config),
        contact({ attributes: { plan: 'pro' } }),
        start(),
        context(),
      );
      expect(result.status, type).toBe('completed');
      expect(result.steps[0]?.output, type).toEqual(output);
      expect(result.contact.tags, type).toEqual(['entered']);
    }
  });

  it('a trigger reached mid-graph passes through', () => {
    const doc = flow(
      [
        node('t', 'trigger.event', { event: 'a' }),
        node('t2', 'trigger.tagAdded', { tag: 'x' }),
        node('a', 'action.addTag', { tag: 'after' }),
      ],
      ['t>t2', 't2>a'],
    );
    const result = runFlow(doc, contact(), start(), context());
    expect(result.steps.map((s) => s.nodeId)).toEqual(['t', 't2', 'a']);
    expect(result.contact.tags).toEqual(['after']);
  });

  it('refuses to start at a node that is not a trigger', () => {
    const doc = triggerFlow('trigger.event', { event: 'a' });
    const result = runFlow(doc, contact(), start('a'), context());
    expect(result.status).toBe('failed');
    expect(result.errorCode).toBe('not_a_trigger');
    expect(result.effects).toEqual([]);
  });
});
