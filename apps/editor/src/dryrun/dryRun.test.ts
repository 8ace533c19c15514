import type { FlowDocument } from '@scoreflow/flow';
import { edge, flow, node } from '@scoreflow/flow/testing';
import { describe, expect, it } from 'vitest';
import { FLOW_TEMPLATES } from '../templates/templates.js';
import { continueDryRun, type DryRunInput, describeEffect, startDryRun, triggerChoices } from './dryRun.js';
import { parsePairs, parseScalar } from './parse.js';

/** email clicked -> +10 SCORE -> SCORE > 50? yes -> add to list Qualified -> send email */
function qualifyFlow(): FlowDocument {
  return flow(
    [
      node('t', 'trigger.event', { event: 'email.clicked' }),
      node('a', 'action.adjustScore', { score: 'SCORE', delta: 10 }),
      node('c', 'condition.score', { score: 'SCORE', op: '>', value: 50 }),
      node('l', 'action.addToList', { list: 'Qualified' }),
      node('m', 'action.sendEmail', { template: 'talk-to-sales' }),
    ],
    [edge('e1', 't', 'a'), edge('e2', 'a', 'c'), edge('e3', 'c', 'l', 'yes'), edge('e4', 'l', 'm')],
    { name: 'Qualify', reentry: { mode: 'afterExit' } },
  );
}

const input = (scores: Record<string, number>): DryRunInput => ({
  scores,
  tags: [],
  lists: [],
  attributes: {},
  engagement: 'neutral',
  triggerNodeId: 't',
  eventType: 'email.clicked',
  eventProperties: {},
});

describe('dry run', () => {
  it('takes the yes branch past 50 and lists what would happen', () => {
    const run = startDryRun(qualifyFlow(), input({ SCORE: 45 }), 0);
    expect(run.result.status).toBe('completed');
    expect(run.nodeIds).toEqual(['t', 'a', 'c', 'l', 'm']);
    expect(run.edgeIds).toEqual(['e1', 'e2', 'e3', 'e4']);
    expect(run.effects.map(describeEffect)).toEqual([
      '+10 SCORE (now 55)',
      'Add to list Qualified',
      'Send email talk-to-sales',
    ]);
  });

  it('stops after the condition when the score stays at or below 50', () => {
    const run = startDryRun(qualifyFlow(), input({ SCORE: 0 }), 0);
    expect(run.nodeIds).toEqual(['t', 'a', 'c']);
    expect(run.effects.map(describeEffect)).toEqual(['+10 SCORE (now 10)']);
  });

  it('continues a waiting run down the chosen branch of a wait-for-event', () => {
    const welcome = FLOW_TEMPLATES.find((t) => t.id === 'welcome')?.build() as FlowDocument;
    const [trigger] = triggerChoices(welcome.nodes);
    const first = startDryRun(
      welcome,
      { ...input({}), triggerNodeId: trigger?.id ?? '', eventType: 'list.joined' },
      0,
    );
    expect(first.result.status).toBe('waiting');
    const afterWait = continueDryRun(
      welcome,
      first,
      { waitNodeId: first.result.waits[0]?.nodeId ?? '', outcome: 'elapsed' },
      1,
    );
    expect(afterWait.result.status).toBe('waiting');
    const clicked = continueDryRun(
      welcome,
      afterWait,
      { waitNodeId: afterWait.result.waits[0]?.nodeId ?? '', outcome: 'event' },
      2,
    );
    expect(clicked.effects.map(describeEffect)).toEqual([
      'Send email welcome-1',
      'Send email welcome-2',
      '+10 SCORE (now 10)',
      'Send email welcome-offer',
    ]);
  });

  it('reads "name = value" lines as data', () => {
    expect(parsePairs('plan = pro\nseats = 3\ntrial = true', parseScalar)).toEqual({
      ok: true,
      value: { plan: 'pro', seats: 3, trial: true },
    });
    expect(parsePairs('no equals sign', parseScalar)).toEqual({ ok: false, line: 'no equals sign' });
  });
});
