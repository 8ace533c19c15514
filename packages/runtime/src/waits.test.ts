import type { FlowDocumentInput } from '@scoreflow/flow';
import { flow, node } from '@scoreflow/flow/testing';
import { describe, expect, it, vi } from 'vitest';
import { processWait } from './processing/processWait.js';
import { activateFlow } from './testing/harness.js';
import { useTestRuntime } from './testing/useTestRuntime.js';

const HOUR = 3_600_000;

/** trigger → wait for "email.clicked" up to 1 hour → event: +10, timeout: tag "no-click". */
const waitForClick: FlowDocumentInput = flow(
  [
    node('t', 'trigger.event', { event: 'email.sent' }),
    node('w', 'control.waitForEvent', { event: 'email.clicked', timeoutSeconds: 3600 }),
    node('y', 'action.adjustScore', { score: 'SCORE', delta: 10 }),
    node('n', 'action.addTag', { tag: 'no-click' }),
  ],
  ['t>w', 'w:event>y', 'w:timeout>n'],
  { name: 'Wait for a click' },
);

/** trigger → wait 1 hour → +5. */
const delayed: FlowDocumentInput = flow(
  [
    node('t', 'trigger.event', { event: 'signup' }),
    node('w', 'control.wait', { seconds: 3600 }),
    node('a', 'action.adjustScore', { score: 'SCORE', delta: 5 }),
  ],
  ['t>w', 'w>a'],
  { name: 'Wait an hour' },
);

const t = useTestRuntime();

const contact = { email: 'lin@example.com' };
const contactId = async () => (await t().store.contacts.findByEmail(contact.email))?.id ?? '';
const score = async () => t().store.scores.get(await contactId(), 'SCORE');
const onlyRun = async () => {
  const runs = await t().store.runs.list({ contactId: await contactId() });
  expect(runs).toHaveLength(1);
  return runs[0] as (typeof runs)[number];
};

describe('durable waits', () => {
  it('a matching event resumes a waiting run on the "event" branch', async () => {
    await activateFlow(t().store, waitForClick);
    await t().send({ type: 'email.sent', contact });
    expect(await onlyRun()).toMatchObject({ status: 'waiting', currentNodeId: 'w' });

    t().clock.advance(10 * 60_000);
    await t().send({ type: 'email.clicked', contact });
    const run = await onlyRun();
    expect(run.status).toBe('completed');
    expect(await score()).toBe(10);
    expect(await t().store.tags.list(await contactId())).toEqual([]);
    const [wait] = await t().store.waits.listForRun(run.id);
    expect(wait).toMatchObject({ status: 'fired', firedEventId: expect.any(String) });
    // Each step shows what started its execution; the store holds that once per execution.
    const steps = await t().store.steps.listForRun(run.id);
    const started = { trigger: 't', eventId: run.triggerEventId };
    const resumed = { resume: 'event', eventId: wait?.firedEventId };
    expect(steps.map((s) => [s.id, s.input])).toEqual([
      ['t:0', started],
      ['w:0', started],
      ['w:1', resumed],
      ['y:0', resumed],
    ]);
    const stored = await t()
      .store.db.selectFrom('run_steps')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('run_id', '=', run.id)
      .where('input', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(2);
  });

  it("looks a contact's event waits up only while it has some", async () => {
    await activateFlow(t().store, waitForClick);
    const lookups = vi.spyOn(t().store.waits, 'findPendingEvent');
    // A new contact, then one whose run starts waiting in this very job: nothing to look up yet.
    await t().send({ type: 'email.clicked', contact });
    await t().send({ type: 'email.sent', contact });
    expect(lookups).not.toHaveBeenCalled();
    await t().send({ type: 'email.clicked', contact });
    expect(lookups).toHaveBeenCalledTimes(1);
    expect(await score()).toBe(10);
    // Fired, the wait is no longer pending: the next event looks nothing up again.
    await t().send({ type: 'email.clicked', contact });
    expect(lookups).toHaveBeenCalledTimes(1);
    lookups.mockRestore();
  });

  it('the timeout resumes it on the "timeout" branch, never before its time', async () => {
    await activateFlow(t().store, waitForClick);
    await t().send({ type: 'email.sent', contact });
    const [wait] = await t().store.waits.listForRun((await onlyRun()).id);
    if (!wait) throw new Error('no wait');

    t().clock.advance(HOUR - 1);
    expect(await processWait(t().runtime.deps, wait.id)).toEqual({ status: 'early', dueAtMs: wait.dueAtMs });
    expect((await onlyRun()).status).toBe('waiting');

    t().clock.advance(1);
    await t().runtime.reconcile();
    await t().until(async () => (await onlyRun()).status === 'completed', 'the timeout to fire');
    expect(await t().store.tags.list(await contactId())).toEqual(['no-click']);
    expect(await score()).toBeUndefined();
  });

  it('a wait pending when Redis is flushed still fires after the reconciler runs, and not before its time', async () => {
    await activateFlow(t().store, delayed);
    await t().send({ type: 'signup', contact });
    expect((await onlyRun()).status).toBe('waiting');

    await t().flushRedis();
    // Before its time, the reconciler puts the job back as a delayed job; nothing fires.
    const first = await t().runtime.reconcile();
    expect(first).toMatchObject({ full: true, waits: 1 });
    // Its one job is delayed, so no worker can take it before the wait is due.
    expect(await t().jobCounts('waits')).toMatchObject({ waiting: 0, active: 0, delayed: 1 });
    expect((await onlyRun()).status).toBe('waiting');
    expect(await score()).toBeUndefined();

    // Redis loses everything again; once due, the reconciler's pass makes the wait fire.
    await t().flushRedis();
    t().clock.advance(HOUR);
    await t().runtime.reconcile();
    await t().until(async () => (await onlyRun()).status === 'completed', 'the wait to fire after the flush');
    expect(await score()).toBe(5);
  });

  it('a wait job delivered twice resumes the run once', async () => {
    await activateFlow(t().store, delayed);
    await t().send({ type: 'signup', contact });
    const [wait] = await t().store.waits.listForRun((await onlyRun()).id);
    if (!wait) throw new Error('no wait');
    t().clock.advance(HOUR);
    expect((await processWait(t().runtime.deps, wait.id)).status).toBe('resumed');
    expect(await processWait(t().runtime.deps, wait.id)).toMatchObject({ status: 'skipped' });
    expect(await score()).toBe(5);
    expect(await t().store.ledger.sumForContact(await contactId(), 'SCORE')).toBe(5);
  });
});
