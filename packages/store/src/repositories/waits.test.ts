import { beforeEach, describe, expect, it } from 'vitest';
import { isStoreError } from '../errors.js';
import { DAY_MS, seedRunPrerequisites, useTestStore } from '../testSupport.js';

const { store, clock } = useTestStore();
let seed: Awaited<ReturnType<typeof seedRunPrerequisites>>;
let runId: string;
beforeEach(async () => {
  seed = await seedRunPrerequisites(store());
  runId = (await store().runs.create({ flowId: seed.flow.id, flowVersion: 1, contactId: seed.contact.id }))
    .id;
});

describe('waits repository', () => {
  it('creates a pending wait for the run and its contact', async () => {
    const dueAt = clock().now() + DAY_MS;
    const wait = await store().waits.create({ id: 'w1', runId, nodeId: 'n3', kind: 'delay', dueAt });
    expect(wait).toEqual({
      id: 'w1',
      runId,
      contactId: seed.contact.id,
      nodeId: 'n3',
      kind: 'delay',
      eventType: null,
      dueAt: '2026-01-02T00:00:00.000Z',
      dueAtMs: dueAt,
      status: 'pending',
      createdAt: '2026-01-01T00:00:00.000Z',
      firedAt: null,
      firedEventId: null,
    });
  });

  it('refuses a wait for a run that does not exist', async () => {
    let caught: unknown;
    try {
      await store().waits.create({ runId: 'missing', nodeId: 'n3', kind: 'delay', dueAt: 0 });
    } catch (error) {
      caught = error;
    }
    expect(isStoreError(caught, 'not_found')).toBe(true);
  });

  it('fires only once, so only one of two racing resumptions continues the run', async () => {
    const wait = await store().waits.create({
      runId,
      nodeId: 'n3',
      kind: 'event',
      eventType: 'email.opened',
      dueAt: 0,
    });
    clock().advance(42);
    expect(await store().waits.fire(wait.id, { eventId: 'ev-9' })).toBe(true);
    expect(await store().waits.fire(wait.id)).toBe(false);
    expect(await store().waits.cancel(wait.id)).toBe(false);
    expect(await store().waits.get(wait.id)).toMatchObject({
      status: 'fired',
      firedAt: '2026-01-01T00:00:00.042Z',
      firedEventId: 'ev-9',
    });
  });

  it('does not fire a cancelled wait', async () => {
    const wait = await store().waits.create({ runId, nodeId: 'n3', kind: 'delay', dueAt: 0 });
    expect(await store().waits.cancel(wait.id)).toBe(true);
    expect(await store().waits.fire(wait.id)).toBe(false);
    expect((await store().waits.get(wait.id))?.status).toBe('cancelled');
  });

  it('lists pending waits that are due, earliest first, never early', async () => {
    const now = clock().now();
    const late = await store().waits.create({ runId, nodeId: 'a', kind: 'delay', dueAt: now + 2000 });
    const early = await store().waits.create({ runId, nodeId: 'b', kind: 'delay', dueAt: now + 1000 });
    const future = await store().waits.create({ runId, nodeId: 'c', kind: 'delay', dueAt: now + DAY_MS });
    const fired = await store().waits.create({ runId, nodeId: 'd', kind: 'delay', dueAt: now });
    await store().waits.fire(fired.id);
    expect(await store().waits.listDue(now + 999)).toEqual([]);
    expect((await store().waits.listDue(now + 2000)).map((w) => w.id)).toEqual([early.id, late.id]);
    expect((await store().waits.listDue(now + 2000, 1)).map((w) => w.id)).toEqual([early.id]);
    expect((await store().waits.listPending()).map((w) => w.id)).toEqual([early.id, late.id, future.id]);
  });

  it('finds the pending event waits of a contact for an event type', async () => {
    const bob = (await store().contacts.upsertByIdentity({ email: 'bob@example.com' })).contact.id;
    const bobRun = (await store().runs.create({ flowId: seed.flow.id, flowVersion: 1, contactId: bob })).id;
    const mine = await store().waits.create({
      runId,
      nodeId: 'w',
      kind: 'event',
      eventType: 'email.opened',
      dueAt: 1,
    });
    const bobs = await store().waits.create({
      runId: bobRun,
      nodeId: 'w',
      kind: 'event',
      eventType: 'email.opened',
      dueAt: 1,
    });
    await store().waits.create({ runId, nodeId: 'x', kind: 'event', eventType: 'email.clicked', dueAt: 1 });
    await store().waits.create({ runId, nodeId: 'y', kind: 'delay', dueAt: 1 });

    expect((await store().waits.findPendingEvent(seed.contact.id, 'email.opened')).map((w) => w.id)).toEqual([
      mine.id,
    ]);
    expect((await store().waits.findPendingEvent(undefined, 'email.opened')).map((w) => w.id)).toEqual([
      mine.id,
      bobs.id,
    ]);
    await store().waits.fire(mine.id);
    expect(await store().waits.findPendingEvent(seed.contact.id, 'email.opened')).toEqual([]);
  });

  it("cancels a run's pending waits when it ends", async () => {
    const a = await store().waits.create({ runId, nodeId: 'a', kind: 'delay', dueAt: 1 });
    const b = await store().waits.create({ runId, nodeId: 'b', kind: 'event', eventType: 'x', dueAt: 1 });
    await store().waits.fire(a.id);
    expect(await store().waits.cancelForRun(runId)).toBe(1);
    expect((await store().waits.listForRun(runId)).map((w) => [w.id, w.status])).toEqual([
      [a.id, 'fired'],
      [b.id, 'cancelled'],
    ]);
  });

  it('refuses an event wait without an event type', async () => {
    await expect(
      store()
        .db.insertInto('waits')
        .values({
          id: 'w',
          run_id: runId,
          contact_id: seed.contact.id,
          node_id: 'n',
          kind: 'event',
          due_at: 1,
          created_at: 1,
        })
        .execute(),
    ).rejects.toThrow(/check constraint/i);
  });
});
