// The worked numbers of docs/scoring.md, played as the runtime would: one engine run per event,
// the contact carried from one run to the next.
import { describe, expect, it } from 'vitest';
import { crossedThreshold } from './matching.js';
import { runFlow } from './run.js';
import { contact, context, flow, node, start } from './testkit.js';
import type { ContactView, Effect, EngineInput, EngineResult } from './types.js';

const webinar = flow(
  [
    node('t', 'trigger.event', { event: 'webinar.registered' }),
    node('s', 'action.adjustScore', { score: 'SCORE', delta: 10 }),
  ],
  ['t>s'],
);
const read = flow(
  [
    node('t', 'trigger.event', { event: 'email.opened' }),
    node('s', 'action.adjustScore', { score: 'SCORE', delta: 5 }),
  ],
  ['t>s'],
);
// "did not open": each sent email waits for an open; the timeout takes 2 points.
const skipped = flow(
  [
    node('t', 'trigger.event', { event: 'email.sent' }),
    node('w', 'control.waitForEvent', { event: 'email.opened', timeoutSeconds: 2 * 86_400 }),
    node('s', 'action.adjustScore', { score: 'SCORE', delta: -2 }),
  ],
  ['t>w', 'w:timeout>s'],
);

function scoreEffects(effects: Effect[]): Extract<Effect, { kind: 'score' }>[] {
  return effects.filter((e): e is Extract<Effect, { kind: 'score' }> => e.kind === 'score');
}

describe('lead scoring vectors', () => {
  it('webinar +10, 5 emails read +5 each, 2 emails skipped -2 each = 31', () => {
    let who: ContactView = contact();
    const ledger: Effect[] = [];
    const play = (doc: typeof webinar, input: EngineInput): EngineResult => {
      const result = runFlow(doc, who, input, context());
      who = result.contact;
      ledger.push(...result.effects);
      return result;
    };
    play(webinar, start());
    for (let i = 0; i < 5; i++) play(read, start());
    for (let i = 0; i < 2; i++) {
      expect(play(skipped, start()).status).toBe('waiting');
      expect(play(skipped, { kind: 'resume', waitNodeId: 'w', outcome: 'timeout' }).status).toBe('completed');
    }
    expect(who.scores.SCORE).toBe(31);
    // Every change is explainable: the ledger sums to the score.
    expect(scoreEffects(ledger).reduce((sum, e) => sum + e.delta, 0)).toBe(31);
    expect(scoreEffects(ledger).map((e) => e.delta)).toEqual([10, 5, 5, 5, 5, 5, -2, -2]);
  });

  it('a later condition sees the points just added: +10 then SCORE > 50', () => {
    const doc = flow(
      [
        node('t', 'trigger.event', { event: 'email.clicked' }),
        node('s', 'action.adjustScore', { score: 'SCORE', delta: 10 }),
        node('c', 'condition.score', { score: 'SCORE', op: '>', value: 50 }),
        node('q', 'action.addToList', { list: 'Qualified' }),
        node('m', 'action.sendEmail', { template: 'Talk to sales' }),
      ],
      ['t>s', 's>c', 'c:yes>q', 'q>m'],
    );
    const result = runFlow(doc, contact({ scores: { SCORE: 45 } }), start(), context());
    expect(result.steps[2]?.output).toEqual({
      score: 'SCORE',
      value: 55,
      op: '>',
      threshold: 50,
      result: true,
    });
    expect(result.effects.map((e) => e.kind)).toEqual(['score', 'list', 'outbound']);

    // Already qualified: the list effect is not repeated, but the flow goes on as drawn.
    const again = runFlow(doc, result.contact, start(), context());
    expect(again.effects.map((e) => e.kind)).toEqual(['score', 'outbound']);
  });

  it('crossing 50 going up is seen exactly once among many score changes', () => {
    let who: ContactView = contact({ scores: { SCORE: 31 } });
    let crossings = 0;
    for (let i = 0; i < 8; i++) {
      const result = runFlow(read, who, start(), context());
      for (const e of scoreEffects(result.effects)) {
        if (crossedThreshold({ score: 'SCORE', value: 50, direction: 'up' }, e.previous, e.value))
          crossings++;
      }
      who = result.contact;
    }
    expect(who.scores.SCORE).toBe(71);
    expect(crossings).toBe(1);
  });
});
