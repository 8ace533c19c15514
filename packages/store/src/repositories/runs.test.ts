import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store.js';
import { seedRunPrerequisites, useTestStore } from '../testSupport.js';

const { store, clock } = useTestStore();
let seed: ReturnType<typeof seedRunPrerequisites>;
beforeEach(() => {
  seed = seedRunPrerequisites(store());
});

const newRun = (overrides: { contactId?: string; flowId?: string } = {}) =>
  store().runs.create({
    flowId: overrides.flowId ?? seed.flow.id,
    flowVersion: 1,
    contactId: overrides.contactId ?? seed.contact.id,
  });

describe('runs repository', () => {
  it('creates a running run pinned to a flow version', () => {
    store().events.insert({ id: 'ev-1', type: 'email.clicked', contactId: seed.contact.id });
    const run = store().runs.create({
      id: 'run-1',
      flowId: seed.flow.id,
      flowVersion: 1,
      contactId: seed.contact.id,
      triggerEventId: 'ev-1',
      currentNodeId: 'n1',
    });
    expect(run).toEqual({
      id: 'run-1',
      flowId: seed.flow.id,
      flowVersion: 1,
      contactId: seed.contact.id,
      status: 'running',
      triggerEventId: 'ev-1',
      currentNodeId: 'n1',
      startedAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      endedAt: null,
      exitReason: null,
      error: null,
      retryOf: null,
      attempt: 1,
    });
    expect(store().runs.get('run-1')).toEqual(run);
  });

  it('refuses a run on a version that was never published', () => {
    expect(() =>
      store().runs.create({ flowId: seed.flow.id, flowVersion: 9, contactId: seed.contact.id }),
    ).toThrow(/FOREIGN KEY/);
  });

  it('sets endedAt once when the run ends, and keeps fields not in the update', () => {
    const run = newRun();
    clock().advance(1000);
    const waiting = store().runs.update(run.id, { status: 'waiting', currentNodeId: 'n3' });
    expect(waiting).toMatchObject({ status: 'waiting', currentNodeId: 'n3', endedAt: null });
    clock().advance(1000);
    const exited = store().runs.update(run.id, { status: 'exited', exitReason: 'goal reached' });
    expect(exited).toMatchObject({
      status: 'exited',
      currentNodeId: 'n3',
      exitReason: 'goal reached',
      endedAt: '2026-01-01T00:00:02.000Z',
      updatedAt: '2026-01-01T00:00:02.000Z',
    });
    clock().advance(1000);
    expect(store().runs.update(run.id, { error: 'note' })?.endedAt).toBe('2026-01-01T00:00:02.000Z');
    expect(store().runs.update(run.id, { currentNodeId: null })?.currentNodeId).toBeNull();
    expect(store().runs.update('missing', { status: 'failed' })).toBeUndefined();
  });

  it('finds the active runs of a contact in a flow (re-entry checks)', () => {
    const other = store().contacts.upsertByIdentity({ email: 'bob@example.com' }).contact.id;
    const a = newRun();
    const b = newRun();
    newRun({ contactId: other });
    store().runs.update(b.id, { status: 'waiting' });
    expect(
      store()
        .runs.findActive(seed.contact.id, seed.flow.id)
        .map((run) => run.id),
    ).toEqual([a.id, b.id]);
    store().runs.update(a.id, { status: 'completed' });
    store().runs.update(b.id, { status: 'cancelled' });
    expect(store().runs.findActive(seed.contact.id, seed.flow.id)).toEqual([]);
  });

  it("returns the contact's latest run of a flow (cooldown re-entry)", () => {
    expect(store().runs.lastForContact(seed.flow.id, seed.contact.id)).toBeUndefined();
    newRun();
    clock().advance(60_000);
    const latest = newRun();
    store().runs.update(latest.id, { status: 'completed' });
    expect(store().runs.lastForContact(seed.flow.id, seed.contact.id)).toMatchObject({
      id: latest.id,
      startedAt: '2026-01-01T00:01:00.000Z',
    });
  });

  it('lists and counts runs by contact, flow and status, newest first', () => {
    const other = store().contacts.upsertByIdentity({ email: 'bob@example.com' }).contact.id;
    const flow2 = store().flows.create({ document: seed.flow.document });
    store().flows.publish(flow2.id, flow2.document);
    const r1 = newRun();
    clock().advance(1);
    const r2 = newRun({ contactId: other });
    clock().advance(1);
    const r3 = newRun({ flowId: flow2.id });
    store().runs.update(r3.id, { status: 'failed', error: 'step budget exhausted' });

    const ids = (filter: Parameters<Store['runs']['list']>[0]) =>
      store()
        .runs.list(filter)
        .map((run) => run.id);
    expect(ids({})).toEqual([r3.id, r2.id, r1.id]);
    expect(ids({ contactId: seed.contact.id })).toEqual([r3.id, r1.id]);
    expect(ids({ flowId: seed.flow.id })).toEqual([r2.id, r1.id]);
    expect(ids({ status: 'failed' })).toEqual([r3.id]);
    expect(ids({ status: ['running', 'waiting'], contactId: seed.contact.id })).toEqual([r1.id]);
    expect(ids({ limit: 1, offset: 1 })).toEqual([r2.id]);
    expect(store().runs.count({ status: 'running' })).toBe(2);
    expect(store().runs.count({ flowId: flow2.id, contactId: seed.contact.id })).toBe(1);
    expect(store().runs.count()).toBe(3);
  });

  it('refuses an unknown status', () => {
    const run = newRun();
    expect(() => store().runs.update(run.id, { status: 'paused' as never })).toThrow(/CHECK constraint/);
  });
});
