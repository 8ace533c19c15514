import { describe, expect, it } from 'vitest';
import { MAX_TRIGGER_DEPTH } from './processing/signals.js';
import { activateFlow, flows } from './testing/harness.js';
import { useTestRuntime } from './testing/useTestRuntime.js';

const t = useTestRuntime();

const contact = { email: 'sam@example.com' };
const id = async () => (await t().store.contacts.findByEmail(contact.email))?.id ?? '';

const { chain } = flows;

describe('triggers fired by effects in the same job', () => {
  it('tag added → list joined → attribute changed → score, all from one event', async () => {
    await activateFlow(
      t().store,
      chain('1', ['trigger.event', { event: 'webinar.attended' }], ['action.addTag', { tag: 'webinar' }]),
    );
    await activateFlow(
      t().store,
      chain('2', ['trigger.tagAdded', { tag: 'webinar' }], ['action.addToList', { list: 'Events' }]),
    );
    await activateFlow(
      t().store,
      chain(
        '3',
        ['trigger.listJoined', { list: 'Events' }],
        ['action.setAttribute', { attribute: 'stage', value: 'engaged' }],
      ),
    );
    await activateFlow(
      t().store,
      chain(
        '4',
        ['trigger.attributeChanged', { attribute: 'stage' }],
        ['action.adjustScore', { score: 'SCORE', delta: 7 }],
      ),
    );

    const [result] = await t().send({ type: 'webinar.attended', contact });
    const contactId = await id();
    expect(await t().store.tags.list(contactId)).toEqual(['webinar']);
    expect((await t().store.lists.list(contactId)).sort()).toEqual([
      'Engagement: not engaged',
      'Events',
      'SCORE: new',
    ]);
    expect((await t().store.contacts.get(contactId))?.attributes).toEqual({ stage: 'engaged' });
    expect(await t().store.scores.get(contactId, 'SCORE')).toBe(7);
    // Every run of the chain is attributed to the event that started it.
    const runs = await t().store.runs.list({ contactId });
    expect(runs).toHaveLength(4);
    expect(runs.every((r) => r.triggerEventId === result?.id)).toBe(true);

    // Adding a tag the contact already has is not "tag added": nothing fires again.
    await t().send({ type: 'webinar.attended', contact });
    expect(await t().store.runs.list({ contactId })).toHaveLength(5);
  });

  it('flows that trigger each other in a loop stop at the depth limit instead of spinning', async () => {
    await activateFlow(t().store, flows.tagLoop('ping'));
    await activateFlow(
      t().store,
      chain('start', ['trigger.event', { event: 'go' }], ['action.addTag', { tag: 'ping' }]),
    );
    await t().send({ type: 'go', contact });
    const runs = await t().store.runs.list({ contactId: await id(), limit: 100 });
    const pings = runs.filter((r) => r.status === 'completed');
    expect(pings).toHaveLength(MAX_TRIGGER_DEPTH + 1);
  });
});
