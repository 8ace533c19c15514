import { emptyFlowDocument, type FlowDocument } from '@scoreflow/flow';
import { describe, expect, it } from 'vitest';
import { FLOW_TEMPLATES } from '../templates/templates.js';
import { continueDryRun, type DryRunInput, describeEffect, startDryRun, triggerChoices } from './dryRun.js';
import { parsePairs, parseScalar } from './parse.js';

/** email clicked -> +10 SCORE -> SCORE > 50? yes -> add to list Qualified -> send email */
function qualifyFlow(): FlowDocument {
  return {
    ...emptyFlowDocument('Qualify'),
    nodes: [
      { id: 't', type: 'trigger.event', position: { x: 0, y: 0 }, config: { event: 'email.clicked' } },
      {
        id: 'a',
        type: 'action.adjustScore',
        position: { x: 0, y: 1 },
        config: { score: 'SCORE', delta: 10 },
      },
      {
        id: 'c',
        type: 'condition.score',
        position: { x: 0, y: 2 },
        config: { score: 'SCORE', op: '>', value: 50 },
      },
      { id: 'l', type: 'action.addToList', position: { x: 0, y: 3 }, config: { list: 'Qualified' } },
      { id: 'm', type: 'action.sendEmail', position: { x: 0, y: 4 }, config: { template: 'talk-to-sales' } },
    ],
    edges: [
      { id: 'e1', source: 't', target: 'a' },
      { id: 'e2', source: 'a', target: 'c' },
      { id: 'e3', source: 'c', sourceHandle: 'yes', target: 'l' },
      { id: 'e4', source: 'l', target: 'm' },
    ],
  };
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
