import { FlowDocument, type FlowDocumentInput } from '@scoreflow/flow';
import { flow, node } from '@scoreflow/flow/testing';
import { createRunControl } from '@scoreflow/runtime';
import { activateFlow, DAY, flows } from '@scoreflow/runtime/testing';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { webhookPeer } from '../testing/webhookPeer.js';
import { tokenHeaders, useTestApp } from '../testing.js';

const { app, runtime: t } = useTestApp({
  // The webhook peer listens on loopback, which webhooks may only call when allowed.
  runtime: { deliveryAttempts: 2, deliveryBackoffMs: 20, webhookAllowPrivate: true },
  deps: (t) => ({
    runControl: createRunControl({ store: t.store, queues: t.runtime.queues, now: t.clock.now }),
  }),
});

const hookFlow = (url: string): FlowDocumentInput =>
  flow(
    [node('t', 'trigger.event', { event: 'demo.requested' }), node('h', 'action.webhook', { url })],
    ['t>h'],
    {
      name: 'CRM sync',
    },
  );

const waitFlow: FlowDocumentInput = flow(
  [
    node('t', 'trigger.event', { event: 'signup' }),
    node('w', 'control.wait', { seconds: 3 * 86_400 }),
    node('a', 'action.adjustScore', { score: 'SCORE', delta: 5 }),
  ],
  ['t>w', 'w>a'],
  { name: 'Follow-up' },
);

const who = (n: number) => ({ email: `p${n}@example.com` });

describe('runs list', () => {
  it('filters by flow, version, status, contact and date range, sorts, pages, and counts per status', async () => {
    const clicks = await activateFlow(t().store, flows.points('email.clicked', 1));
    const follow = await activateFlow(t().store, waitFlow);
    for (let i = 0; i < 5; i++) {
      await t().send({ type: 'email.clicked', contact: who(i) });
      t().clock.advance(60_000);
    }
    const from = t().clock.now();
    await t().send({ type: 'signup', contact: who(1) }, { type: 'signup', contact: who(2) });

    const all = await request(app()).get('/api/runs').expect(200);
    expect(all.body.total).toBe(7);
    expect(all.body.counts).toMatchObject({ completed: 5, waiting: 2, failed: 0 });

    const byFlow = await request(app())
      .get('/api/runs')
      .query({ flowId: clicks, limit: 2, offset: 2, sort: 'startedAt', order: 'asc' });
    expect(byFlow.body.total).toBe(5);
    expect(byFlow.body.items).toHaveLength(2);
    const starts = byFlow.body.items.map((r: { startedAt: string }) => r.startedAt);
    expect(starts).toEqual([...starts].sort());

    const waiting = await request(app()).get('/api/runs').query({ status: 'waiting' });
    expect(waiting.body.items.every((r: { flowId: string }) => r.flowId === follow)).toBe(true);
    expect(waiting.body.counts.completed).toBe(5); // counts ignore the status filter: they label the tabs

    const contactId = (await t().store.contacts.findByEmail('p1@example.com'))?.id;
    const mine = await request(app()).get('/api/runs').query({ contactId });
    expect(mine.body.total).toBe(2);
    const recent = await request(app())
      .get('/api/runs')
      .query({ from: new Date(from).toISOString() });
    expect(recent.body.total).toBe(2);
    const older = await request(app()).get('/api/runs').query({ to: from });
    expect(older.body.total).toBe(5);
    const v2 = await request(app()).get('/api/runs').query({ flowVersion: 2 });
    expect(v2.body.total).toBe(0);

    const bad = await request(app()).get('/api/runs').query({ status: 'sleeping', limit: 0 }).expect(400);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/limit', '/status']);
  });
});

describe('run detail and actions', () => {
  it('shows the version that ran with the path taken and where a waiting run is', async () => {
    await activateFlow(t().store, waitFlow);
    const [sent] = await t().send({ type: 'signup', contact: who(1) });
    const [run] = await t().store.runs.list({});
    const res = await request(app()).get(`/api/runs/${run?.id}`).expect(200);
    expect(res.body).toMatchObject({
      status: 'waiting',
      waitingAt: ['w'],
      path: { nodeIds: ['t', 'w'], edgeIds: ['t>w'] },
      triggerEvent: { id: sent?.id, type: 'signup' },
    });
    expect(res.body.document.nodes.map((n: { id: string }) => n.id)).toEqual(['t', 'w', 'a']);
  });

  it('fast-forwards a wait and cancels a waiting run, recording who did it', async () => {
    await activateFlow(t().store, waitFlow);
    await t().send({ type: 'signup', contact: who(1) }, { type: 'signup', contact: who(2) });
    const [a, b] = await t().store.runs.list({ sort: 'startedAt', order: 'asc' });
    const ff = await request(app()).post(`/api/runs/${a?.id}/fast-forward`).expect(200);
    expect(ff.body.status).toBe('completed');
    expect(await t().store.scores.get(a?.contactId ?? '', 'SCORE')).toBe(5);

    const cancelled = await request(app()).post(`/api/runs/${b?.id}/cancel`).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    await request(app()).post(`/api/runs/${b?.id}/cancel`).expect(409);
    t().clock.advance(4 * DAY);
    await t().runtime.reconcile();
    await t().drained();
    expect(await t().store.scores.get(b?.contactId ?? '', 'SCORE')).toBeUndefined();

    const detail = await request(app()).get(`/api/runs/${b?.id}`).expect(200);
    expect(detail.body.actions).toEqual([
      expect.objectContaining({ action: 'cancel', actor: 'API token "test admin"' }),
    ]);
  });

  it('retries a run whose webhook failed, and it completes; bulk retry takes every failed run of the filter', async () => {
    const hook = await webhookPeer();
    try {
      const flowId = await activateFlow(t().store, hookFlow(hook.url));
      await t().send(...[1, 2, 3].map((n) => ({ type: 'demo.requested', contact: who(n) })));
      await t().until(
        async () => (await t().store.runs.count({ status: 'failed' })) === 3,
        'three failed runs',
      );
      const [first] = await t().store.runs.list({ status: 'failed' });
      hook.heal();

      const retried = await request(app()).post(`/api/runs/${first?.id}/retry`).expect(200);
      expect(retried.body.status).toBe('running');
      await t().until(
        async () => (await t().store.runs.get(first?.id ?? ''))?.status === 'completed',
        'the retried run to complete',
      );

      const bulk = await request(app()).post('/api/runs/retry').send({ flowId }).expect(200);
      expect(bulk.body.retried).toHaveLength(2);
      await t().until(
        async () => (await t().store.runs.count({ status: 'completed' })) === 3,
        'every run to complete',
      );
      expect(hook.received()).toBe(3 * 2 + 3);
      const actions = await t().store.runActions.listForRun(first?.id ?? '');
      expect(actions).toEqual([expect.objectContaining({ action: 'retry' })]);
      await request(app()).post(`/api/runs/${first?.id}/retry`).expect(409);
    } finally {
      await hook.close();
    }
  });

  it('restarts a run from the start on the latest published version', async () => {
    const flowId = await activateFlow(t().store, flows.points('email.clicked', 10));
    await t().send({ type: 'email.clicked', contact: who(1) });
    const [old] = await t().store.runs.list({});
    const v2 = flows.points('email.clicked', 20);
    const published = await t().store.flows.publish(flowId, FlowDocument.parse(v2));
    expect(published?.version).toBe(2);
    const res = await request(app()).post(`/api/runs/${old?.id}/restart`).expect(201);
    expect(res.body).toMatchObject({ flowVersion: 2, retryOf: old?.id, status: 'completed' });
    expect(await t().store.scores.get(old?.contactId ?? '', 'SCORE')).toBe(30);
  });

  it('counts contacts waiting at each node and runs per edge for the live canvas', async () => {
    const flowId = await activateFlow(t().store, waitFlow);
    await t().send({ type: 'signup', contact: who(1) }, { type: 'signup', contact: who(2) });
    const stats = await request(app()).get(`/api/flows/${flowId}/stats`).expect(200);
    expect(stats.body).toMatchObject({ waitingByNode: { w: 2 }, edgeCounts: { 't>w': 2 } });
  });
});

describe('manual score edits', () => {
  it('writes a ledger row with the person and the reason as the cause, within the score bounds', async () => {
    const { contact } = await t().store.contacts.upsertByIdentity({ email: 'lee@example.com' });
    await t().store.scoreDefinitions.upsert({
      name: 'SCORE',
      description: '',
      floor: 0,
      cap: 100,
      decay: null,
    });
    await activateFlow(
      t().store,
      flows.chain(
        'Hot lead',
        ['trigger.scoreThreshold', { score: 'SCORE', value: 80, direction: 'up' }],
        ['action.addTag', { tag: 'hot' }],
      ),
    );
    const set = await request(app())
      .post(`/api/contacts/${contact.id}/scores/SCORE`)
      .set(await tokenHeaders(t().store, 'support'))
      .send({ value: 45, note: 'Met at the trade fair' })
      .expect(201);
    expect(set.body).toMatchObject({
      delta: 45,
      value: 45,
      causeKind: 'manual',
      actor: 'API token "test support"',
      note: 'Met at the trade fair',
    });
    const capped = await request(app())
      .post(`/api/contacts/${contact.id}/scores/SCORE`)
      .send({ delta: 500, note: 'Signed' })
      .expect(201);
    expect(capped.body).toMatchObject({ delta: 55, value: 100, actor: 'API token "test admin"' });
    expect(await t().store.scores.get(contact.id, 'SCORE')).toBe(100);
    expect(await t().store.ledger.sumForContact(contact.id, 'SCORE')).toBe(100);
    // Crossing 80 by hand runs the threshold flow, like any other change.
    expect(await t().store.tags.list(contact.id)).toEqual(['hot']);

    const both = await request(app())
      .post(`/api/contacts/${contact.id}/scores/SCORE`)
      .send({ value: 1, delta: 1, note: 'x' })
      .expect(400);
    expect(both.body.errors).toEqual([
      expect.objectContaining({ pointer: '/value', message: 'Give either value or delta' }),
    ]);
    const noReason = await request(app())
      .post(`/api/contacts/${contact.id}/scores/SCORE`)
      .send({ value: 1 })
      .expect(400);
    expect(noReason.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/note']);
    await request(app())
      .post(`/api/contacts/${contact.id}/scores/SCORE`)
      .send({ value: 100, note: 'again' })
      .expect(409);
    await request(app()).post('/api/contacts/nobody/scores/SCORE').send({ value: 1, note: 'x' }).expect(404);
  });
});
