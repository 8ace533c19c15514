import { beforeEach, describe, expect, it } from 'vitest';
import { seedRunPrerequisites, useTestStore } from '../testSupport.js';

const { store, clock } = useTestStore();
let runId: string;
beforeEach(async () => {
  const seed = await seedRunPrerequisites(store());
  runId = (await store().runs.create({ flowId: seed.flow.id, flowVersion: 1, contactId: seed.contact.id }))
    .id;
});

describe('run actions repository', () => {
  it('records what support did to a run and lists it in order', async () => {
    const retry = await store().runActions.record({
      runId,
      action: 'retry',
      actor: 'ann',
      detail: { from: 'n2' },
    });
    expect(retry).toEqual({
      id: expect.any(Number),
      runId,
      action: 'retry',
      actor: 'ann',
      detail: { from: 'n2' },
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    clock().advance(1_000);
    const cancel = await store().runActions.record({ runId, action: 'cancel', actor: 'bob' });
    expect(cancel).toMatchObject({ detail: {}, createdAt: '2026-01-01T00:00:01.000Z' });
    expect(cancel.id).toBeGreaterThan(retry.id);
    expect(await store().runActions.listForRun(runId)).toEqual([retry, cancel]);
    expect(await store().runActions.listForRun('other')).toEqual([]);
  });

  it('refuses an action on a run that does not exist', async () => {
    await expect(
      store().runActions.record({ runId: 'missing', action: 'retry', actor: 'ann' }),
    ).rejects.toThrow(/foreign key/i);
  });
});
