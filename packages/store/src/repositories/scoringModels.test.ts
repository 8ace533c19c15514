import type { ScoringModelInput } from '@scoreflow/flow';
import { describe, expect, it } from 'vitest';
import { DAY_MS, flowDocument, useTestStore } from '../testSupport.js';

const { store, clock } = useTestStore();

const model: ScoringModelInput = {
  name: 'B2B',
  rows: [
    { id: 'paper', asset: 'Whitepaper', event: 'content.downloaded', stage: 'engagement', readiness: 30 },
    { id: 'pricing', event: 'page.viewed', stage: 'consideration', points: 30 },
  ],
};

describe('scoring models', () => {
  it('creates with defaults, lists, updates, records the generated flow and deletes', async () => {
    const created = await store().scoringModels.create(model);
    expect(created.model).toMatchObject({ name: 'B2B', score: 'SCORE', salesReadyScore: 100 });
    expect(created.model.rows[0]).toMatchObject({ id: 'paper', points: null, readiness: 30, filter: null });
    expect(created).toMatchObject({ flowId: null, mapping: null, generatedAt: null });

    clock().advance(1000);
    const updated = await store().scoringModels.update(created.id, { ...model, name: 'B2B v2', rows: [] });
    expect(updated?.model).toMatchObject({ name: 'B2B v2', rows: [] });
    expect(await store().scoringModels.list()).toEqual([
      expect.objectContaining({ id: created.id, name: 'B2B v2', rowCount: 0 }),
    ]);

    const flow = await store().flows.create({ document: flowDocument() });
    const mapping = { paper: { trigger: 't', action: 'a', edge: 'e' } };
    const generated = await store().scoringModels.setGenerated(created.id, flow.id, mapping);
    expect(generated).toMatchObject({
      flowId: flow.id,
      mapping,
      generatedAt: new Date(clock().now()).toISOString(),
    });

    // Deleting the flow keeps the model, which can generate a new one.
    await store().flows.delete(flow.id);
    expect((await store().scoringModels.get(created.id))?.flowId).toBeNull();

    expect(await store().scoringModels.delete(created.id)).toBe(true);
    expect(await store().scoringModels.get(created.id)).toBeUndefined();
    expect(await store().scoringModels.update(created.id, model)).toBeUndefined();
  });

  it('refuses an invalid model', async () => {
    await expect(store().scoringModels.create({ name: '', rows: [] })).rejects.toThrow();
  });
});

describe('event replay reads', () => {
  it('pages contacts with recent events in id order and returns their events in time order', async () => {
    const ids: string[] = [];
    for (const email of ['a@x.io', 'b@x.io', 'c@x.io']) {
      ids.push((await store().contacts.upsertByIdentity({ email })).contact.id);
    }
    const [a, b, c] = ids.sort() as [string, string, string];
    const t0 = clock().now();
    await store().events.insert({ id: 'old', type: 'x', contactId: a, occurredAt: t0 - 40 * DAY_MS });
    await store().events.insert({
      id: 'b2',
      type: 'y',
      contactId: b,
      occurredAt: t0 - DAY_MS,
      payload: { properties: { k: 1 } },
    });
    await store().events.insert({ id: 'b1', type: 'x', contactId: b, occurredAt: t0 - 2 * DAY_MS });
    await store().events.insert({ id: 'c1', type: 'x', contactId: c, occurredAt: t0 - DAY_MS });
    await store().scores.set(b, 'SCORE', 42);

    const since = t0 - 30 * DAY_MS;
    expect(await store().eventReplay.contactsWithEvents(since, '', 1)).toEqual([b]);
    expect(await store().eventReplay.contactsWithEvents(since, b, 10)).toEqual([c]);
    expect(await store().eventReplay.contactsWithEvents(since, c, 10)).toEqual([]);

    const events = await store().eventReplay.eventsOf([b, c], since);
    expect(events.map((e) => e.id)).toEqual(['b1', 'b2', 'c1']);
    expect(events[1]).toMatchObject({
      id: 'b2',
      contactId: b,
      properties: { k: 1 },
      occurredAt: t0 - DAY_MS,
    });
    expect(events[0]?.properties).toEqual({});

    expect(await store().eventReplay.contactsWithScore([b, c], 'SCORE')).toEqual([
      // Ids were sorted above, so which email each has is whatever the store says.
      { id: b, email: (await store().contacts.get(b))?.email, score: 42 },
      { id: c, email: (await store().contacts.get(c))?.email, score: 0 },
    ]);
  });
});
