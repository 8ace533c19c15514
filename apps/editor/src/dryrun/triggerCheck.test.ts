import { edge, flow, node } from '@scoreflow/flow/testing';
import { describe, expect, it } from 'vitest';
import type { DryRunInput } from './dryRun.js';
import { whyTriggerWouldNotStart } from './triggerCheck.js';

/** "SCORE reaches 50 -> Qualified", "tag vip added", and "pricing visited from the ad" in one flow. */
const doc = flow(
  [
    node('up', 'trigger.scoreThreshold', { score: 'SCORE', value: 50, direction: 'up' }),
    node('vip', 'trigger.tagAdded', { tag: 'vip' }),
    node('ev', 'trigger.event', {
      event: 'page.visited',
      where: [{ property: 'utm.source', op: 'eq', value: 'ads' }],
    }),
    node('l', 'action.addToList', { list: 'Qualified' }),
  ],
  [edge('e1', 'up', 'l'), edge('e2', 'vip', 'l'), edge('e3', 'ev', 'l')],
);

const input = (over: Partial<DryRunInput>): DryRunInput => ({
  scores: {},
  tags: [],
  lists: [],
  attributes: {},
  engagement: 'neutral',
  triggerNodeId: 'up',
  eventType: '',
  eventProperties: {},
  ...over,
});

describe('whether the chosen trigger would start a run', () => {
  it('a threshold going up fires only for a contact at or above it', () => {
    expect(whyTriggerWouldNotStart(doc, input({ scores: { SCORE: 45 } }))).toBe(
      'SCORE is 45: this trigger starts when SCORE reaches 50 going up. Set SCORE to 50 or more to try it.',
    );
    expect(whyTriggerWouldNotStart(doc, input({ scores: { SCORE: 50 } }))).toBeNull();
  });

  it('a tag trigger needs the tag on the test contact', () => {
    expect(whyTriggerWouldNotStart(doc, input({ triggerNodeId: 'vip' }))).toMatch(
      /add vip to the test contact's tags/,
    );
    expect(whyTriggerWouldNotStart(doc, input({ triggerNodeId: 'vip', tags: ['vip'] }))).toBeNull();
  });

  it('an event trigger needs its event type and its filters to hold', () => {
    const ev = (eventType: string, eventProperties: Record<string, unknown>) =>
      whyTriggerWouldNotStart(doc, input({ triggerNodeId: 'ev', eventType, eventProperties }));
    expect(ev('email.clicked', {})).toMatch(/starts on "page.visited", not on "email.clicked"/);
    expect(ev('page.visited', { utm: { source: 'newsletter' } })).toMatch(
      /does not pass this trigger's filters/,
    );
    expect(ev('page.visited', { utm: { source: 'ads' } })).toBeNull();
  });
});
