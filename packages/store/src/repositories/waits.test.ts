import { beforeEach, describe, expect, it } from 'vitest';
import { isStoreError } from '../errors.js';
import { DAY_MS, seedRunPrerequisites, useTestStore } from '../testSupport.js';

const { store, clock } = useTestStore();
let seed: ReturnType<typeof seedRunPrerequisites>;
let runId: string;
beforeEach(() => {
  seed = seedRunPrerequisites(store());
  runId = store().runs.create({ flowId: seed.flow.id, flowVersion: 1, contactId: seed.contact.id }).id;
});

describe('waits repository', () => {
  it('creates a pending wait for the run and its contact', () => {
    const dueAt = clock().now() + DAY_MS;
    const wait = store().waits.create({ id: 'w1', runId, nodeId: 'n3', kind: 'delay', dueAt });
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

  it('refuses a wait for a run that does not exist', () => {
    let caught: unknown;
    try {
      store().waits.create({ runId: 'missing', nodeId: 'n3', kind: 'delay', dueAt: 0 });
    } catch (error) {
      caught = error;
    }
    expect(isStoreError(caught, 'not_found')).toBe(true);
  });

  it('fires only once, so only one of two racing resumptions continues the run', () => {
    const wait = store().waits.create({
      runId,
      nodeId: 'n3',
      kind: 'event',
      eventType: 'email.opened',
      dueAt: 0,
    });
    clock().advance(42);
    expect(store().waits.fire(wait.id, { eventId: 'ev-9' })).toBe(true);
    expect(store().waits.fire(wait.id)).toBe(false);
    expect(store().waits.cancel(wait.id)).toBe(false);
    expect(store().waits.get(wait.id)).toMatchObject({
      status: 'fired',
      firedAt: '2026-01-01T00:00:00.042Z',
      firedEventId: 'ev-9',
    });
  });

  it('does not fire a cancelled wait', () => {
    const wait = store().waits.create({ runId, nodeId: 'n3', kind: 'delay', dueAt: 0 });
    expect(store().waits.cancel(wait.id)).toBe(true);
    expect(store().waits.fire(wait.id)).toBe(false);
    expect(store().waits.get(wait.id)?.status).toBe('cancelled');
  });

  it('lists pending waits that are due, earliest first, never early', () => {
    const now = clock().now();
    const late = store().waits.create({ runId, nodeId: 'a', kind: 'delay', dueAt: now + 2000 });
    const early = store().waits.create({ runId, nodeId: 'b', kind: 'delay', dueAt: now + 1000 });
    const future = store().waits.create({ runId, nodeId: 'c', kind: 'delay', dueAt: now + DAY_MS });
    const fired = store().waits.create({ runId, nodeId: 'd', kind: 'delay', dueAt: now });
    store().waits.fire(fired.id);
    expect(store().waits.listDue(now + 999)).toEqual([]);
    expect(
      store()
        .waits.listDue(now + 2000)
        .map((w) => w.id),
    ).toEqual([early.id, late.id]);
    expect(
      store()
        .waits.listDue(now + 2000, 1)
        .map((w) => w.id),
    ).toEqual([early.id]);
    expect(
      store()
        .waits.listPending()
        .map((w) => w.id),
    ).toEqual([early.id, late.id, future.id]);
  });

  it('finds the pending event waits of a contact for an event type', () => {
    const bob = store().contacts.upsertByIdentity({ email: 'bob@example.com' }).contact.id;
    const bobRun = store().runs.create({ flowId: seed.flow.id, flowVersion: 1, contactId: bob }).id;
    const mine = store().waits.create({
      runId,
      nodeId: 'w',
      kind: 'event',
      eventType: 'email.opened',
      dueAt: 1,
    });
    const bobs = store().waits.create({
      runId: bobRun,
      nodeId: 'w',
      kind: 'event',
      eventType: 'email.opened',
      dueAt: 1,
    });
    store().waits.create({ runId, nodeId: 'x', kind: 'event', eventType: 'email.clicked', dueAt: 1 });
    store().waits.create({ runId, nodeId: 'y', kind: 'delay', dueAt: 1 });

    expect(
      store()
        .waits.findPendingEvent(seed.contact.id, 'email.opened')
        .map((w) => w.id),
    ).toEqual([mine.id]);
    expect(
      store()
        .waits.findPendingEvent(undefined, 'email.opened')
        .map((w) => w.id),
    ).toEqual([mine.id, bobs.id]);
    store().waits.fire(mine.id);
    expect(store().waits.findPendingEvent(seed.contact.id, 'email.opened')).toEqual([]);
  });

  it("cancels a run's pending waits when it ends", () => {
    const a = store().waits.create({ runId, nodeId: 'a', kind: 'delay', dueAt: 1 });
    const b = store().waits.create({ runId, nodeId: 'b', kind: 'event', eventType: 'x', dueAt: 1 });
    store().waits.fire(a.id);
    expect(store().waits.cancelForRun(runId)).toBe(1);
    expect(
      store()
        .waits.listForRun(runId)
        .map((w) => [w.id, w.status]),
    ).toEqual([
      [a.id, 'fired'],
      [b.id, 'cancelled'],
    ]);
  });

  it('refuses an event wait without an event type', () => {
    expect(() =>
      store()
        .db.prepare(
          `INSERT INTO waits (id, run_id, contact_id, node_id, kind, due_at, created_at) VALUES ('w', ?, ?, 'n', 'event', 1, 1)`,
        )
        .run(runId, seed.contact.id),
    ).toThrow(/CHECK constraint/);
  });
});
