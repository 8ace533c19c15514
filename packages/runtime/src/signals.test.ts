import { describe, expect, it } from 'vitest';
import { MAX_TRIGGER_DEPTH } from './processing/signals.js';
import { activateFlow, flows } from './testing/harness.js';
import { useTestRuntime } from './testing/useTestRuntime.js';

const t = useTestRuntime();

const contact = { email: 'sam@example.com' };
const id = () => t().store.contacts.findByEmail(contact.email)?.id ?? '';

const { chain } = flows;

describe('triggers fired by effects in the same job', () => {
  it('tag added → list joined → attribute changed → score, all from one event', async () => {
    activateFlow(
      t().store,
      chain('1', ['trigger.event', { event: 'webinar.attended' }], ['action.addTag', { tag: 'webinar' }]),
    );
    activateFlow(
      t().store,
      chain('2', ['trigger.tagAdded', { tag: 'webinar' }], ['action.addToList', { list: 'Events' }]),
    );
    activateFlow(
      t().store,
      chain(
        '3',
        ['trigger.listJoined', { list: 'Events' }],
        ['action.setAttribute', { attribute: 'stage', value: 'engaged' }],
      ),
    );
    activateFlow(
      t().store,
      chain(
        '4',
        ['trigger.attributeChanged', { attribute: 'stage' }],
        ['action.adjustScore', { score: 'SCORE', delta: 7 }],
      ),
    );

    const [result] = await t().send({ type: 'webinar.attended', contact });
    expect(t().store.tags.list(id())).toEqual(['webinar']);
    expect(t().store.lists.list(id()).sort()).toEqual(['Engagement: not engaged', 'Events', 'SCORE: new']);
    expect(t().store.contacts.get(id())?.attributes).toEqual({ stage: 'engaged' });
    expect(t().store.scores.get(id(), 'SCORE')).toBe(7);
    // Every run of the chain is attributed to the event that started it.
    const runs = t().store.runs.list({ contactId: id() });
    expect(runs).toHaveLength(4);
    expect(runs.every((r) => r.triggerEventId === result?.id)).toBe(true);

    // Adding a tag the contact already has is not "tag added": nothing fires again.
    await t().send({ type: 'webinar.attended', contact });
    expect(t().store.runs.list({ contactId: id() })).toHaveLength(5);
  });

  it('flows that trigger each other in a loop stop at the depth limit instead of spinning', async () => {
    activateFlow(t().store, flows.tagLoop('ping'));
    activateFlow(
      t().store,
      chain('start', ['trigger.event', { event: 'go' }], ['action.addTag', { tag: 'ping' }]),
    );
    await t().send({ type: 'go', contact });
    const pings = t()
      .store.runs.list({ contactId: id(), limit: 100 })
      .filter((r) => r.status === 'completed');
    expect(pings).toHaveLength(MAX_TRIGGER_DEPTH + 1);
  });
});
