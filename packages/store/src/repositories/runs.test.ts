import { CompiledQuery, sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { JOB_BATCH_ROWS } from '../batches.js';
import { activeRun, type RunFilter } from '../repositories/runs.js';
import { seedRunPrerequisites, useTestStore } from '../testSupport.js';

const { store, clock } = useTestStore();
let seed: Awaited<ReturnType<typeof seedRunPrerequisites>>;
beforeEach(async () => {
  seed = await seedRunPrerequisites(store());
});

const newRun = (overrides: { contactId?: string; flowId?: string } = {}) =>
  store().runs.create({
    flowId: overrides.flowId ?? seed.flow.id,
    flowVersion: 1,
    contactId: overrides.contactId ?? seed.contact.id,
  });

describe('runs repository', () => {
  it('creates a running run pinned to a flow version', async () => {
    await store().events.insert({ id: 'ev-1', type: 'email.clicked', contactId: seed.contact.id });
    const run = await store().runs.create({
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
    expect(await store().runs.get('run-1')).toEqual(run);
  });

  it('creates a run that has already ended with its end time', async () => {
    const run = await store().runs.create({
      flowId: seed.flow.id,
      flowVersion: 1,
      contactId: seed.contact.id,
      status: 'cancelled',
      retryOf: 'run-0',
    });
    expect(run).toMatchObject({ status: 'cancelled', endedAt: '2026-01-01T00:00:00.000Z', retryOf: 'run-0' });
  });

  it('creates many runs at once, in their order, each with the end time its status gives', async () => {
    const statuses = ['completed', 'running', 'exited'] as const;
    // More than one statement's worth, so the slices join up.
    const runs = Array.from({ length: JOB_BATCH_ROWS + 4 }, (_, i) => ({
      id: `run-${String(i).padStart(2, '0')}`,
      flowId: seed.flow.id,
      flowVersion: 1,
      contactId: seed.contact.id,
      status: statuses[i % 3] ?? 'running',
      exitReason: i % 3 === 2 ? 'goal reached' : null,
    }));
    await store().runs.createMany(runs);
    const listed = await store().runs.list({ contactId: seed.contact.id, limit: 100 });
    // Newest first; all started at the same moment, so the order written decides.
    expect(listed.map((r) => r.id)).toEqual(runs.map((r) => r.id).reverse());
    expect(await store().runs.get('run-02')).toMatchObject({
      status: 'exited',
      exitReason: 'goal reached',
      endedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(await store().runs.get('run-01')).toMatchObject({ status: 'running', endedAt: null });
    await store().runs.createMany([]);
    expect(await store().runs.count({ contactId: seed.contact.id })).toBe(JOB_BATCH_ROWS + 4);
  });

  it('refuses a run on a version that was never published', async () => {
    await expect(
      store().runs.create({ flowId: seed.flow.id, flowVersion: 9, contactId: seed.contact.id }),
    ).rejects.toThrow(/foreign key/i);
  });

  it('sets endedAt once when the run ends, and keeps fields not in the update', async () => {
    const run = await newRun();
    clock().advance(1000);
    const waiting = await store().runs.update(run.id, { status: 'waiting', currentNodeId: 'n3' });
    expect(waiting).toMatchObject({ status: 'waiting', currentNodeId: 'n3', endedAt: null });
    clock().advance(1000);
    const exited = await store().runs.update(run.id, { status: 'exited', exitReason: 'goal reached' });
    expect(exited).toMatchObject({
      status: 'exited',
      currentNodeId: 'n3',
      exitReason: 'goal reached',
      endedAt: '2026-01-01T00:00:02.000Z',
      updatedAt: '2026-01-01T00:00:02.000Z',
    });
    clock().advance(1000);
    expect((await store().runs.update(run.id, { error: 'note' }))?.endedAt).toBe('2026-01-01T00:00:02.000Z');
    expect((await store().runs.update(run.id, { currentNodeId: null }))?.currentNodeId).toBeNull();
    expect(await store().runs.update('missing', { status: 'failed' })).toBeUndefined();
  });

  it('clears endedAt when a run becomes active again, and an update without a status keeps it active', async () => {
    const run = await newRun();
    await store().runs.update(run.id, { status: 'failed', error: 'boom' });
    const again = await store().runs.update(run.id, { status: 'running', error: null });
    expect(again).toMatchObject({ status: 'running', endedAt: null, error: null });
    expect((await store().runs.update(run.id, { currentNodeId: 'n2' }))?.endedAt).toBeNull();
  });

  it('finds the active runs of a contact in a flow (re-entry checks)', async () => {
    const other = (await store().contacts.upsertByIdentity({ email: 'bob@example.com' })).contact.id;
    const a = await newRun();
    const b = await newRun();
    await newRun({ contactId: other });
    await store().runs.update(b.id, { status: 'waiting' });
    expect((await store().runs.findActive(seed.contact.id, seed.flow.id)).map((run) => run.id)).toEqual([
      a.id,
      b.id,
    ]);
    await store().runs.update(a.id, { status: 'completed' });
    await store().runs.update(b.id, { status: 'cancelled' });
    expect(await store().runs.findActive(seed.contact.id, seed.flow.id)).toEqual([]);
  });

  it('looks the active runs of a contact in a flow up in the index that holds active runs only', async () => {
    const query = store()
      .db.selectFrom('runs as a')
      .select('a.id')
      .where('a.contact_id', '=', seed.contact.id)
      .where('a.flow_id', '=', seed.flow.id)
      .where(activeRun('a.status'))
      .compile();
    const explain = `EXPLAIN ${store().dialect === 'sqlite' ? 'QUERY PLAN ' : ''}${query.sql}`;
    const plan = await store().transaction(async () => {
      // PostgreSQL scans a table this small whatever its indexes; forbidding that shows which one it can use.
      if (store().dialect === 'postgres') await sql`SET LOCAL enable_seqscan = off`.execute(store().db);
      return (await store().db.executeQuery(CompiledQuery.raw(explain, [...query.parameters]))).rows;
    });
    expect(JSON.stringify(plan)).toMatch(/runs_active_by_contact_flow/);
  });

  it("returns the contact's latest run of a flow and whether one is active (re-entry)", async () => {
    expect(await store().runs.entryOf(seed.flow.id, seed.contact.id)).toEqual({
      last: undefined,
      active: false,
    });
    const first = await newRun();
    await store().runs.update(first.id, { status: 'waiting' });
    clock().advance(60_000);
    const latest = await newRun();
    await store().runs.update(latest.id, { status: 'completed' });
    // The latest run ended; an older one still waits.
    expect(await store().runs.entryOf(seed.flow.id, seed.contact.id)).toMatchObject({
      last: { id: latest.id, startedAt: '2026-01-01T00:01:00.000Z' },
      active: true,
    });
    await store().runs.update(first.id, { status: 'cancelled' });
    expect((await store().runs.entryOf(seed.flow.id, seed.contact.id)).active).toBe(false);
  });

  it('lists and counts runs by contact, flow and status, newest first', async () => {
    const other = (await store().contacts.upsertByIdentity({ email: 'bob@example.com' })).contact.id;
    const flow2 = await store().flows.create({ document: seed.flow.document });
    await store().flows.publish(flow2.id, flow2.document);
    const r1 = await newRun();
    clock().advance(1);
    const r2 = await newRun({ contactId: other });
    clock().advance(1);
    const r3 = await newRun({ flowId: flow2.id });
    await store().runs.update(r3.id, { status: 'failed', error: 'step budget exhausted' });

    const ids = async (filter: RunFilter) => (await store().runs.list(filter)).map((run) => run.id);
    expect(await ids({})).toEqual([r3.id, r2.id, r1.id]);
    expect(await ids({ contactId: seed.contact.id })).toEqual([r3.id, r1.id]);
    expect(await ids({ flowId: seed.flow.id })).toEqual([r2.id, r1.id]);
    expect(await ids({ status: 'failed' })).toEqual([r3.id]);
    expect(await ids({ status: ['running', 'waiting'], contactId: seed.contact.id })).toEqual([r1.id]);
    expect(await ids({ status: [] })).toEqual([]);
    expect(await ids({ limit: 1, offset: 1 })).toEqual([r2.id]);
    expect(await ids({ startedFrom: clock().now() - 1, startedTo: clock().now() })).toEqual([r2.id]);
    expect(await ids({ flowId: flow2.id, flowVersion: 2 })).toEqual([]);
    expect(await store().runs.count({ status: 'running' })).toBe(2);
    expect(await store().runs.count({ flowId: flow2.id, contactId: seed.contact.id })).toBe(1);
    expect(await store().runs.count({ status: [] })).toBe(0);
    expect(await store().runs.count()).toBe(3);
    expect(await store().runs.countByStatus({ contactId: seed.contact.id })).toEqual({
      running: 1,
      waiting: 0,
      completed: 0,
      exited: 0,
      failed: 1,
      cancelled: 0,
    });
  });

  it('sorts by end time with the runs not ended first when ascending, last when descending', async () => {
    const first = await newRun();
    clock().advance(1);
    const active = await newRun();
    clock().advance(1);
    const second = await newRun();
    await store().runs.update(first.id, { status: 'completed' });
    clock().advance(1);
    await store().runs.update(second.id, { status: 'completed' });
    const ids = async (order: 'asc' | 'desc') =>
      (await store().runs.list({ sort: 'endedAt', order })).map((run) => run.id);
    expect(await ids('asc')).toEqual([active.id, first.id, second.id]);
    expect(await ids('desc')).toEqual([second.id, first.id, active.id]);
  });

  it('refuses an unknown status', async () => {
    const run = await newRun();
    await expect(store().runs.update(run.id, { status: 'paused' as never })).rejects.toThrow(
      /check constraint/i,
    );
  });
});
