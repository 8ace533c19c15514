import { FlowDocument } from '@scoreflow/flow';
import { flow, node } from '@scoreflow/flow/testing';
import { createRunControl } from '@scoreflow/runtime';
import { activateFlow, DAY, publishVersion } from '@scoreflow/runtime/testing';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../testing.js';

const { app, runtime: t } = useTestApp({
  runtime: true,
  deps: (t) => ({
    runControl: createRunControl({ store: t.store, queues: t.runtime.queues, now: t.clock.now }),
  }),
});

/** Version 1: sign-ups wait a day at w1, trials a day at w2; each then gets a tag. */
const v1 = flow(
  [
    node('signup', 'trigger.event', { event: 'signup' }),
    node('w1', 'control.wait', { seconds: 86_400 }),
    node('done', 'action.addTag', { tag: 'v1-done' }),
    node('trial', 'trigger.event', { event: 'trial' }),
    node('w2', 'control.wait', { seconds: 86_400 }),
    node('trialDone', 'action.addTag', { tag: 'trial-v1' }),
  ],
  ['signup>w1', 'w1>done', 'trial>w2', 'w2>trialDone'],
  { name: 'Onboarding', reentry: { mode: 'afterExit' } },
);

/** Version 2: w1 stays and leads to another tag; w2 is gone, a nudge step is new. */
const v2 = flow(
  [
    node('signup', 'trigger.event', { event: 'signup' }),
    node('w1', 'control.wait', { seconds: 86_400 }),
    node('done', 'action.addTag', { tag: 'v2-done' }),
    node('trial', 'trigger.event', { event: 'trial' }),
    { ...node('nudge', 'action.addTag', { tag: 'nudged' }), label: 'Nudge' },
  ],
  ['signup>w1', 'w1>done', 'trial>nudge'],
  { name: 'Onboarding', reentry: { mode: 'afterExit' } },
);

const contactId = async (email: string) => (await t().store.contacts.findByEmail(email))?.id ?? '';
const runOf = async (flowId: string, email: string) =>
  (await t().store.runs.list({ flowId, contactId: await contactId(email) }))[0];

describe('moving contacts to a new version', () => {
  it('says where contacts wait, moves those whose step remains with their waits, and sends the others to a chosen step', async () => {
    const flowId = await activateFlow(t().store, v1);
    await t().send({ type: 'signup', contact: { email: 'ada@example.com' } });
    await t().send({ type: 'trial', contact: { email: 'ben@example.com' } });
    const adaBefore = await runOf(flowId, 'ada@example.com');
    const [adaWait] = await t().store.waits.listForRun(adaBefore?.id ?? '');

    // The marketer edits the draft: the publish dialog shows who waits where against it.
    await t().store.flows.updateDraft(flowId, FlowDocument.parse(v2));
    const before = await request(app()).get(`/api/flows/${flowId}/positions`).expect(200);
    expect(before.body.items).toEqual([
      { version: 1, nodeId: 'w1', nodeName: 'Wait', count: 1, inDraft: true, inLatest: true },
      { version: 1, nodeId: 'w2', nodeName: 'Wait', count: 1, inDraft: false, inLatest: true },
    ]);

    await publishVersion(t().store, flowId, v2);
    await request(app())
      .post(`/api/flows/${flowId}/move-to-latest`)
      .send({ missing: { kind: 'node', nodeId: 'signup' } })
      .expect(400)
      .expect((res) => expect(res.body.errors[0]).toMatchObject({ pointer: '/missing/nodeId' }));
    const moved = await request(app())
      .post(`/api/flows/${flowId}/move-to-latest`)
      .send({ missing: { kind: 'node', nodeId: 'nudge' } })
      .expect(200);
    expect(moved.body).toEqual({ toVersion: 2, moved: 1, redirected: 1, exited: 0 });

    // Ada stays at the wait, now on version 2, due when she was due.
    const ada = await runOf(flowId, 'ada@example.com');
    expect(ada).toMatchObject({ flowVersion: 2, status: 'waiting', currentNodeId: 'w1' });
    const [wait] = await t().store.waits.listForRun(ada?.id ?? '');
    expect(wait).toMatchObject({ id: adaWait?.id, dueAtMs: adaWait?.dueAtMs, status: 'pending' });
    const actions = await t().store.runActions.listForRun(ada?.id ?? '');
    expect(actions).toEqual([
      expect.objectContaining({ action: 'move', detail: { fromVersion: 1, toVersion: 2, fromNode: 'w1' } }),
    ]);
    // Ben's wait is gone from version 2: he went to the nudge, and on.
    const ben = await runOf(flowId, 'ben@example.com');
    expect(ben).toMatchObject({ flowVersion: 2, status: 'completed' });
    expect(await t().store.tags.list(await contactId('ben@example.com'))).toEqual(['nudged']);

    // When Ada's wait ends, version 2 goes on.
    t().clock.advance(DAY);
    await t().runtime.reconcile();
    await t().until(
      async () => (await runOf(flowId, 'ada@example.com'))?.status === 'completed',
      "Ada's wait",
    );
    expect(await t().store.tags.list(await contactId('ada@example.com'))).toEqual(['v2-done']);
    expect((await request(app()).get(`/api/flows/${flowId}/positions`).expect(200)).body.items).toEqual([]);
  });

  it('takes contacts out of the flow when their step is gone and the marketer says so', async () => {
    const flowId = await activateFlow(t().store, v1);
    await t().send({ type: 'trial', contact: { email: 'ben@example.com' } });
    await publishVersion(t().store, flowId, v2);
    const res = await request(app())
      .post(`/api/flows/${flowId}/move-to-latest`)
      .send({ missing: { kind: 'exit' } })
      .expect(200);
    expect(res.body).toMatchObject({ moved: 0, redirected: 0, exited: 1 });
    const ben = await runOf(flowId, 'ben@example.com');
    expect(ben).toMatchObject({
      status: 'exited',
      exitReason: 'moved to version 2, which no longer has its step',
    });
    expect((await t().store.waits.listForRun(ben?.id ?? ''))[0]?.status).toBe('cancelled');
    expect(await t().store.tags.list(await contactId('ben@example.com'))).toEqual([]);
  });
});
