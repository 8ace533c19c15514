import { DEFAULT_GRADING } from '@scoreflow/flow';
import { describe, expect, it } from 'vitest';
import { runFlow } from '../run.js';
import { contact, context, flow, NOW, node, start } from '../testkit.js';
import type { ContactView, EngineContext, EngineResult } from '../types.js';
import { evaluateCondition } from './conditions.js';

/** trigger -> condition, with a tag on each branch so the taken branch is visible. */
function branch(
  type: string,
  config: Record<string, unknown>,
  who: ContactView = contact(),
  ctx: EngineContext = context(),
): EngineResult {
  const doc = flow(
    [
      node('t', 'trigger.event', { event: 'x' }),
      node('c', type, config),
      node('y', 'action.addTag', { tag: 'yes' }),
      node('n', 'action.addTag', { tag: 'no' }),
    ],
    ['t>c', 'c:yes>y', 'c:no>n'],
  );
  return runFlow(doc, who, start(), ctx);
}

function taken(result: EngineResult): string | undefined {
  return result.steps.find((s) => s.nodeId === 'c')?.handle;
}

describe('condition executors', () => {
  it('condition.score compares the score and shows the compared values', () => {
    const no = branch(
      'condition.score',
      { score: 'SCORE', op: '>', value: 50 },
      contact({ scores: { SCORE: 42 } }),
    );
    expect(no.steps[1]?.output).toEqual({ score: 'SCORE', value: 42, op: '>', threshold: 50, result: false });
    expect(no.contact.tags).toEqual(['no']);
    expect(no.edges).toEqual(['t>c', 'c:no>n']);

    const yes = branch(
      'condition.score',
      { score: 'SCORE', op: '>', value: 50 },
      contact({ scores: { SCORE: 51 } }),
    );
    expect(yes.contact.tags).toEqual(['yes']);
  });

  it('condition.score supports every operator and treats a missing score as 0', () => {
    const at = (op: string, score: number) =>
      taken(
        branch('condition.score', { score: 'LEAD', op, value: 10 }, contact({ scores: { LEAD: score } })),
      );
    expect([at('>', 11), at('>', 10)]).toEqual(['yes', 'no']);
    expect([at('>=', 10), at('>=', 9)]).toEqual(['yes', 'no']);
    expect([at('<', 9), at('<', 10)]).toEqual(['yes', 'no']);
    expect([at('<=', 10), at('<=', 11)]).toEqual(['yes', 'no']);
    expect([at('==', 10), at('==', 11)]).toEqual(['yes', 'no']);
    expect([at('!=', 11), at('!=', 10)]).toEqual(['yes', 'no']);
    expect(taken(branch('condition.score', { score: 'LEAD', op: '==', value: 0 }))).toBe('yes');
  });

  it('condition.attribute compares contact attributes', () => {
    const pro = contact({ attributes: { plan: 'pro', seats: 12 } });
    expect(taken(branch('condition.attribute', { attribute: 'plan', op: 'eq', value: 'pro' }, pro))).toBe(
      'yes',
    );
    expect(taken(branch('condition.attribute', { attribute: 'plan', op: 'eq', value: 'free' }, pro))).toBe(
      'no',
    );
    expect(taken(branch('condition.attribute', { attribute: 'seats', op: 'gte', value: 10 }, pro))).toBe(
      'yes',
    );
    expect(taken(branch('condition.attribute', { attribute: 'plan', op: 'gt', value: 10 }, pro))).toBe('no');
    expect(taken(branch('condition.attribute', { attribute: 'phone', op: 'exists' }, pro))).toBe('no');
    const result = branch('condition.attribute', { attribute: 'plan', op: 'contains', value: 'pr' }, pro);
    expect(result.steps[1]?.output).toEqual({
      attribute: 'plan',
      value: 'pro',
      op: 'contains',
      expected: 'pr',
      result: true,
    });
  });

  it('condition.hasTag and condition.inList check membership', () => {
    const who = contact({ tags: ['vip'], lists: ['Newsletter'] });
    expect(taken(branch('condition.hasTag', { tag: 'vip' }, who))).toBe('yes');
    expect(taken(branch('condition.hasTag', { tag: 'churned' }, who))).toBe('no');
    expect(taken(branch('condition.inList', { list: 'Newsletter' }, who))).toBe('yes');
    expect(taken(branch('condition.inList', { list: 'Qualified leads' }, who))).toBe('no');
  });

  it('condition.engagement compares levels in order', () => {
    const engaged = contact({ engagement: 'engaged' });
    expect(taken(branch('condition.engagement', { atLeast: 'neutral' }, engaged))).toBe('yes');
    expect(taken(branch('condition.engagement', { atLeast: 'engaged' }, engaged))).toBe('yes');
    expect(taken(branch('condition.engagement', { atLeast: 'highly engaged' }, engaged))).toBe('no');
    expect(
      taken(branch('condition.engagement', { atLeast: 'at risk' }, contact({ engagement: 'not engaged' }))),
    ).toBe('no');
  });

  it('condition.eventCount asks the context for events within the window', () => {
    const asked: [string, number][] = [];
    const ctx = context({
      countEvents: (type, since) => {
        asked.push([type, since]);
        return 3;
      },
    });
    const config = { event: 'email.clicked', min: 3, withinDays: 30 };
    const result = branch('condition.eventCount', config, contact(), ctx);
    expect(asked).toEqual([['email.clicked', NOW - 30 * 86_400_000]]);
    expect(taken(result)).toBe('yes');
    expect(result.steps[1]?.output).toMatchObject({ count: 3, min: 3, result: true });
    expect(taken(branch('condition.eventCount', { ...config, min: 4 }, contact(), ctx))).toBe('no');
  });

  it('condition.split sends 0 % always to no and 100 % always to yes', () => {
    for (const id of ['a', 'b', 'c', 'd']) {
      expect(taken(branch('condition.split', { percent: 0 }, contact({ id }), context()))).toBe('no');
      expect(taken(branch('condition.split', { percent: 100 }, contact({ id }), context()))).toBe('yes');
    }
  });
});

describe('evaluateCondition', () => {
  const goal = { id: 'goal', type: 'condition.score', config: { score: 'SCORE', op: '>=', value: 100 } };

  it('evaluates a condition outside a run, e.g. an exit goal', () => {
    expect(evaluateCondition(goal, contact({ scores: { SCORE: 100 } }), context())).toBe(true);
    expect(evaluateCondition(goal, contact({ scores: { SCORE: 99 } }), context())).toBe(false);
  });

  it('throws coded errors for non-conditions and invalid configs', () => {
    expect(() => evaluateCondition({ ...goal, type: 'action.addTag' }, contact(), context())).toThrow(
      expect.objectContaining({ code: 'not_a_condition' }),
    );
    expect(() => evaluateCondition({ ...goal, config: { score: 'SCORE' } }, contact(), context())).toThrow(
      expect.objectContaining({ code: 'invalid_config' }),
    );
  });
});

describe('condition.grade', () => {
  const model = { name: 'Lead model', score: 'SCORE', fitScore: 'FIT', grading: DEFAULT_GRADING };
  const ctx = context({ gradedModel: (name) => (name === model.name ? model : undefined) });
  const config = { model: 'Lead model', fit: ['A', 'B'], engagement: ['1', '2'] };

  it('takes yes when the letter and the digit are both among those chosen, showing the grade', () => {
    const yes = branch('condition.grade', config, contact({ scores: { FIT: 45, SCORE: 60 } }), ctx);
    expect(yes.steps[1]?.output).toMatchObject({ grade: 'B2', fit: 45, engagement: 60, result: true });
    expect(taken(yes)).toBe('yes');
    expect(taken(branch('condition.grade', config, contact({ scores: { FIT: 45, SCORE: 30 } }), ctx))).toBe(
      'no',
    );
    expect(taken(branch('condition.grade', config, contact({ scores: { FIT: 10, SCORE: 90 } }), ctx))).toBe(
      'no',
    );
  });

  it('fails the run, naming the model, when no model of that name grades contacts', () => {
    const result = branch('condition.grade', { ...config, model: 'Gone' }, contact(), ctx);
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/No scoring model named "Gone" grades contacts/);
  });
});
