import { describe, expect, it } from 'vitest';
import { seedRunPrerequisites, useTestStore } from '../testSupport.js';

const { store } = useTestStore();

describe('profiles repository', () => {
  it('reads a contact with its scores, tags and lists, the collections sorted', async () => {
    const { contact } = await store().contacts.upsertByIdentity({ email: 'ann@example.com' });
    await store().scores.set(contact.id, 'SCORE', 42.5);
    await store().scores.set(contact.id, 'FIT', -3);
    for (const tag of ['vip', 'beta']) await store().tags.add(contact.id, tag);
    for (const list of ['Qualified leads', 'Engagement: neutral', 'SCORE: MQL'])
      await store().lists.add(contact.id, list);
    await store().contacts.setEngagementLevel(contact.id, 'neutral');

    const profile = await store().profiles.get(contact.id);
    expect(profile).toEqual({
      contact: { ...contact, engagementLevel: 'neutral' },
      scores: { FIT: -3, SCORE: 42.5 },
      tags: ['beta', 'vip'],
      lists: ['Engagement: neutral', 'Qualified leads', 'SCORE: MQL'],
      activeRuns: false,
      eventWaits: false,
    });
    // Each collection is what its own repository says.
    expect(profile?.scores).toEqual(await store().scores.all(contact.id));
    expect(profile?.tags).toEqual(await store().tags.list(contact.id));
    expect(profile?.lists).toEqual(await store().lists.list(contact.id));
  });

  it('gives empty collections to a contact with none, and nothing for a contact that does not exist', async () => {
    const { contact } = await store().contacts.upsertByIdentity({ email: 'bob@example.com' });
    expect(await store().profiles.get(contact.id)).toEqual({
      contact,
      scores: {},
      tags: [],
      lists: [],
      activeRuns: false,
      eventWaits: false,
    });
    expect(await store().profiles.get('missing')).toBeUndefined();
  });

  it('says whether the contact has runs running or waiting and pending waits for an event', async () => {
    const { flow, contact } = await seedRunPrerequisites(store());
    const { contact: other } = await store().contacts.upsertByIdentity({ email: 'other@example.com' });
    const flags = async (id = contact.id) => {
      const profile = await store().profiles.get(id);
      return { activeRuns: profile?.activeRuns, eventWaits: profile?.eventWaits };
    };
    const run = await store().runs.create({ flowId: flow.id, flowVersion: 1, contactId: contact.id });
    expect(await flags()).toEqual({ activeRuns: true, eventWaits: false });
    // A delay is not a wait for an event.
    await store().waits.create({ runId: run.id, nodeId: 'n2', kind: 'delay', dueAt: 0 });
    expect(await flags()).toEqual({ activeRuns: true, eventWaits: false });
    const wait = await store().waits.create({
      runId: run.id,
      nodeId: 'n3',
      kind: 'event',
      eventType: 'email.opened',
      dueAt: 0,
    });
    await store().runs.update(run.id, { status: 'waiting' });
    expect(await flags()).toEqual({ activeRuns: true, eventWaits: true });
    // Another contact's runs and waits are not this one's.
    expect(await flags(other.id)).toEqual({ activeRuns: false, eventWaits: false });
    await store().waits.fire(wait.id);
    await store().runs.update(run.id, { status: 'completed' });
    expect(await flags()).toEqual({ activeRuns: false, eventWaits: false });
  });
});
