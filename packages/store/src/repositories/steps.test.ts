import { beforeEach, describe, expect, it } from 'vitest';
import { JOB_BATCH_ROWS } from '../batches.js';
import { seedRunPrerequisites, useTestStore } from '../testSupport.js';

const { store, clock } = useTestStore();
let runId: string;
beforeEach(async () => {
  const seed = await seedRunPrerequisites(store());
  runId = (await store().runs.create({ flowId: seed.flow.id, flowVersion: 1, contactId: seed.contact.id }))
    .id;
});

describe('steps repository', () => {
  it('records a step once per (run, node, attempt): a replayed job finds it already applied', async () => {
    const step = {
      runId,
      nodeId: 'n2',
      nodeType: 'action.adjustScore',
      attempt: 1,
      status: 'ok' as const,
      input: { score: 'SCORE', delta: 10 },
      output: { value: 10 },
    };
    expect(await store().steps.record(step)).toBe(true);
    expect(await store().steps.record({ ...step, output: { value: 20 } })).toBe(false);
    expect(await store().steps.record({ ...step, attempt: 2 })).toBe(true);
    const steps = await store().steps.listForRun(runId);
    expect(steps).toHaveLength(2);
    // The replay did not overwrite what the first execution recorded.
    expect(await store().steps.find(runId, 'n2', 1)).toMatchObject({
      output: { value: 10 },
      status: 'ok',
      error: null,
    });
    expect(await store().steps.find(runId, 'n2', 3)).toBeUndefined();
  });

  it('records many steps in order, each once, in statements of a few rows', async () => {
    const step = (nodeId: string, attempt: number) => ({
      runId,
      nodeId,
      nodeType: 'action.addTag',
      attempt,
      status: 'ok' as const,
      output: { nodeId },
    });
    await store().steps.record(step('n3', 0));
    // More steps than one statement takes; the one recorded before stays as it was.
    const many = Array.from({ length: JOB_BATCH_ROWS + 8 }, (_, i) => step(`n${i}`, 0));
    many[3] = { ...step('n3', 0), output: { nodeId: 'replayed' } };
    await store().steps.recordMany(many);
    const steps = await store().steps.listForRun(runId);
    expect(steps.map((s) => s.nodeId)).toEqual([
      'n3',
      ...Array.from({ length: JOB_BATCH_ROWS + 8 }, (_, i) => `n${i}`).filter((n) => n !== 'n3'),
    ]);
    expect((await store().steps.find(runId, 'n3', 0))?.output).toEqual({ nodeId: 'n3' });
    expect(steps.every((s) => s.runAttempt === 1)).toBe(true);
    await store().steps.recordMany([]);
  });

  it('keeps input, output, error and times, and lists steps in the order they ran', async () => {
    await store().steps.record({ runId, nodeId: 'n1', nodeType: 'trigger.event', attempt: 1, status: 'ok' });
    clock().advance(5);
    await store().steps.record({
      runId,
      nodeId: 'n2',
      nodeType: 'action.webhook',
      attempt: 1,
      status: 'error',
      input: { url: 'https://example.com' },
      error: 'HTTP 500',
      startedAt: clock().now() - 3,
    });
    expect(await store().steps.listForRun(runId)).toEqual([
      expect.objectContaining({
        nodeId: 'n1',
        input: null,
        output: null,
        startedAt: '2026-01-01T00:00:00.000Z',
      }),
      expect.objectContaining({
        nodeId: 'n2',
        status: 'error',
        error: 'HTTP 500',
        input: { url: 'https://example.com' },
        startedAt: '2026-01-01T00:00:00.002Z',
        endedAt: '2026-01-01T00:00:00.005Z',
      }),
    ]);
  });

  it("stores an execution's input once: the steps after its first read it from there", async () => {
    const step = (nodeId: string, input?: unknown) => ({
      runId,
      nodeId,
      nodeType: 'action.addTag',
      attempt: 0,
      status: 'ok' as const,
      ...(input === undefined ? {} : { input }),
    });
    const started = { trigger: 't', eventId: 'e1' };
    const resumed = { resume: 'elapsed', eventId: null };
    await store().steps.recordMany([step('t', started), step('a'), step('w')]);
    clock().advance(60_000);
    await store().steps.recordMany([step('b', resumed), step('c')]);
    const stored = await store()
      .db.selectFrom('run_steps')
      .select(['node_id', 'input'])
      .where('run_id', '=', runId)
      .orderBy('rowid')
      .execute();
    expect(stored.map((r) => [r.node_id, r.input === null ? null : JSON.parse(r.input)])).toEqual([
      ['t', started],
      ['a', null],
      ['w', null],
      ['b', resumed],
      ['c', null],
    ]);
    const steps = await store().steps.listForRun(runId);
    expect(steps.map((s) => [s.id, s.input])).toEqual([
      ['t:0', started],
      ['a:0', started],
      ['w:0', started],
      ['b:0', resumed],
      ['c:0', resumed],
    ]);
    expect((await store().steps.find(runId, 'c', 0))?.input).toEqual(resumed);
  });

  it('fails loudly on an invalid step instead of reporting it as already recorded', async () => {
    await expect(
      store().steps.record({ runId, nodeId: 'n1', nodeType: 'x', attempt: 1, status: 'done' as never }),
    ).rejects.toThrow(/check constraint/i);
    await expect(
      store().steps.record({ runId: 'missing', nodeId: 'n1', nodeType: 'x', attempt: 1, status: 'ok' }),
    ).rejects.toThrow(/foreign key/i);
  });

  it('records the run attempt each step ran in: a retry starts the next one', async () => {
    const step = { runId, nodeId: 'n2', nodeType: 'action.webhook', status: 'error' as const };
    await store().steps.record({ ...step, attempt: 0 });
    expect((await store().runs.beginAttempt(runId))?.attempt).toBe(2);
    await store().steps.record({ ...step, attempt: 1, status: 'ok' });
    expect((await store().steps.listForRun(runId)).map((s) => [s.attempt, s.runAttempt, s.status])).toEqual([
      [0, 1, 'error'],
      [1, 2, 'ok'],
    ]);
    expect(await store().runs.beginAttempt('no-such-run')).toBeUndefined();
  });
});
