import type { FrequencyCapRule, SentInWindow } from '@scoreflow/flow';
import { describe, expect, it } from 'vitest';
import { runFlow } from '../run.js';
import { contact, context, flow, NOW, node, start } from '../testkit.js';

const HOUR = 3_600_000;

/** A trigger, then a send, then a tag that shows whether the branch went on. */
const sendFlow = (send: Record<string, unknown>) =>
  flow(
    [
      node('t', 'trigger.event', { event: 'x' }),
      node('mail', 'action.sendEmail', { template: 'offer', ...send }),
      node('after', 'action.addTag', { tag: 'after' }),
    ],
    ['t>mail', 'mail>after'],
  );

/** A context whose store has sent `stored` emails, the oldest `oldestAgo` ms ago, per category asked. */
function capped(rules: FrequencyCapRule[], stored: Record<string, SentInWindow>) {
  const asked: [string | undefined, number][] = [];
  const ctx = context({
    frequencyCaps: () => rules,
    emailsSent: (category, sinceMs) => {
      asked.push([category, sinceMs]);
      return stored[category ?? '*'] ?? { count: 0, oldestAt: null };
    },
  });
  return { ctx, asked };
}

describe('frequency caps on Send email', () => {
  const weekly = { max: 2, windowHours: 168 };

  it('sends while the cap allows, counting the emails of the window', () => {
    const { ctx, asked } = capped([weekly], { '*': { count: 1, oldestAt: NOW - 5 * HOUR } });
    const result = runFlow(sendFlow({}), contact(), start(), ctx);
    expect(result.effects.filter((e) => e.kind === 'outbound')).toHaveLength(1);
    expect(result.contact.tags).toEqual(['after']);
    expect(asked).toEqual([[undefined, NOW - 168 * HOUR]]);
  });

  it('postpones a send the cap holds back until the oldest email leaves the window, saying why', () => {
    const oldestAt = NOW - 100 * HOUR;
    const { ctx } = capped([weekly], { '*': { count: 2, oldestAt } });
    const result = runFlow(sendFlow({}), contact(), start(), ctx);
    expect(result.status).toBe('waiting');
    expect(result.effects).toEqual([]);
    expect(result.waits).toEqual([{ nodeId: 'mail', kind: 'delay', dueAt: oldestAt + 168 * HOUR }]);
    expect(result.steps[1]?.output).toEqual({
      template: 'offer',
      capped: '2 emails in the last 168 hours (cap: 2 per 168 hours)',
      rule: weekly,
      postponedUntil: oldestAt + 168 * HOUR,
    });
  });

  it('sends a postponed email when its wait ends and the cap allows, then goes on', () => {
    const { ctx } = capped([weekly], { '*': { count: 1, oldestAt: NOW - HOUR } });
    const resumed = runFlow(
      sendFlow({}),
      contact(),
      { kind: 'resume', waitNodeId: 'mail', outcome: 'elapsed' },
      ctx,
    );
    expect(resumed.status).toBe('completed');
    expect(resumed.effects.filter((e) => e.kind === 'outbound')).toHaveLength(1);
    expect(resumed.contact.tags).toEqual(['after']);
  });

  it('skips instead when the step says so, and the branch goes on', () => {
    const { ctx } = capped([weekly], { '*': { count: 2, oldestAt: NOW - HOUR } });
    const result = runFlow(sendFlow({ whenCapped: 'skip' }), contact(), start(), ctx);
    expect(result.status).toBe('completed');
    expect(result.effects.filter((e) => e.kind === 'outbound')).toEqual([]);
    expect(result.steps[1]?.output).toMatchObject({
      skipped: 'frequency cap',
      capped: expect.stringMatching(/^2 emails/),
    });
    expect(result.contact.tags).toEqual(['after']);
  });

  it('applies a category rule only to emails of that category, counting only them', () => {
    const promo = { max: 1, windowHours: 24, category: 'promotional' };
    const stored = {
      promotional: { count: 1, oldestAt: NOW - HOUR },
      '*': { count: 5, oldestAt: NOW - HOUR },
    };
    const plain = capped([promo], stored);
    expect(runFlow(sendFlow({}), contact(), start(), plain.ctx).status).toBe('completed');
    expect(plain.asked).toEqual([]);
    const offer = capped([promo], stored);
    const result = runFlow(sendFlow({ category: 'promotional' }), contact(), start(), offer.ctx);
    expect(result.status).toBe('waiting');
    expect(result.steps[1]?.output.capped).toBe(
      '1 promotional email in the last 24 hours (cap: 1 per 24 hours)',
    );
    expect(offer.asked).toEqual([['promotional', NOW - 24 * HOUR]]);
  });

  it("counts the run's own sends of the same invocation, not written yet", () => {
    const twice = flow(
      [
        node('t', 'trigger.event', { event: 'x' }),
        node('first', 'action.sendEmail', { template: 'a' }),
        node('second', 'action.sendEmail', { template: 'b', whenCapped: 'skip' }),
      ],
      ['t>first', 'first>second'],
    );
    const { ctx } = capped([{ max: 1, windowHours: 24 }], {});
    const result = runFlow(twice, contact(), start(), ctx);
    expect(result.effects.map((e) => e.nodeId)).toEqual(['first']);
    expect(result.steps[2]?.output).toMatchObject({ skipped: 'frequency cap' });
  });

  it('never caps without rules, or without a way to count', () => {
    const sends = (ctx: ReturnType<typeof context>) =>
      runFlow(sendFlow({}), contact(), start(), ctx).effects.filter((e) => e.kind === 'outbound');
    expect(sends(context())).toHaveLength(1);
    expect(sends(context({ frequencyCaps: () => [{ max: 1, windowHours: 1 }] }))).toHaveLength(1);
  });
});
