import { type FlowDocumentInput, nodeTypeLabel } from '@scoreflow/flow';
import { flow, node } from '@scoreflow/flow/testing';
import { createRunControl } from '@scoreflow/runtime';
import { activateFlow } from '@scoreflow/runtime/testing';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { webhookPeer } from '../testing/webhookPeer.js';
import { useTestApp } from '../testing.js';

const { app, runtime: t } = useTestApp({
  runtime: { deliveryAttempts: 1, deliveryBackoffMs: 20, webhookAllowPrivate: true },
  deps: (t) => ({
    runControl: createRunControl({ store: t.store, queues: t.runtime.queues, now: t.clock.now }),
  }),
});

const hookFlow = (url: string): FlowDocumentInput => {
  const hook = { ...node('h', 'action.webhook', { url }), label: 'Tell the CRM' };
  return flow([node('t', 'trigger.event', { event: 'demo.requested' }), hook], ['t>h'], { name: 'CRM sync' });
};

describe('run detail across a retry', () => {
  it('marks the node failed in the failed attempt, and succeeded with its history after the retry', async () => {
    const hook = await webhookPeer();
    try {
      await activateFlow(t().store, hookFlow(hook.url));
      await t().send({ type: 'demo.requested', contact: { email: 'Ana@Example.com' } });
      await t().until(async () => (await t().store.runs.count({ status: 'failed' })) === 1, 'the failed run');
      const [run] = await t().store.runs.list({});
      const failed = await request(app()).get(`/api/runs/${run?.id}`).expect(200);
      expect(failed.body).toMatchObject({
        status: 'failed',
        attempt: 1,
        failedAt: ['h'],
        contactEmail: 'ana@example.com',
        flowName: 'CRM sync',
      });

      hook.heal();
      const retried = await request(app()).post(`/api/runs/${run?.id}/retry`).expect(200);
      expect(retried.body).toMatchObject({ status: 'running', attempt: 2 });
      // While the retried delivery is in flight, the old failure is history, not the current state.
      const inFlight = await request(app()).get(`/api/runs/${run?.id}`).expect(200);
      expect(inFlight.body.failedAt).toEqual([]);
      await t().until(
        async () => (await t().store.runs.get(run?.id ?? ''))?.status === 'completed',
        'the retried run',
      );

      const done = await request(app()).get(`/api/runs/${run?.id}`).expect(200);
      expect(done.body).toMatchObject({ status: 'completed', attempt: 2, failedAt: [] });
      const hookSteps = done.body.steps
        .filter((s: { nodeId: string }) => s.nodeId === 'h')
        .map((s: { status: string; runAttempt: number }) => [s.runAttempt, s.status]);
      expect(hookSteps).toEqual([
        [1, 'ok'],
        [1, 'error'],
        [2, 'ok'],
      ]);
      expect(done.body.outbox).toEqual([expect.objectContaining({ status: 'delivered', attempts: 1 })]);
    } finally {
      await hook.close();
    }
  });
});

describe('names on support screens', () => {
  it('lists runs with the contact email and flow name, filtered by the email as typed', async () => {
    const hook = await webhookPeer();
    try {
      await activateFlow(t().store, hookFlow(hook.url));
      await t().send(
        { type: 'demo.requested', contact: { email: 'ana@example.com' } },
        { type: 'demo.requested', contact: { email: 'bo@example.com' } },
      );
      await t().until(async () => (await t().store.runs.count({})) === 2, 'two runs');
      const res = await request(app())
        .get('/api/runs')
        .query({ contactEmail: ' ANA@example.com ' })
        .expect(200);
      expect(res.body.total).toBe(1);
      expect(res.body.items).toEqual([
        expect.objectContaining({ contactEmail: 'ana@example.com', flowName: 'CRM sync' }),
      ]);
      const nobody = await request(app()).get('/api/runs').query({ contactEmail: 'nobody@example.com' });
      expect(nobody.status).toBe(200);
      expect(nobody.body).toMatchObject({ items: [], total: 0, counts: { failed: 0 } });
      const bulk = await request(app()).post('/api/runs/retry').send({ contactEmail: 'nobody@example.com' });
      expect(bulk.body).toEqual({ retried: [], failed: [] });
    } finally {
      await hook.close();
    }
  });

  it('names the flow, the node (label and type) and the event type behind each ledger row', async () => {
    const points = {
      ...node('a', 'action.adjustScore', { score: 'SCORE', delta: 10 }),
      label: 'Clicked pricing',
    };
    await activateFlow(
      t().store,
      flow([node('t', 'trigger.event', { event: 'email.clicked' }), points], ['t>a'], { name: 'Engagement' }),
    );
    await t().send({ type: 'email.clicked', contact: { email: 'lee@example.com' } });
    const contact = await t().store.contacts.findByEmail('lee@example.com');
    const res = await request(app()).get(`/api/contacts/${contact?.id}/ledger`).expect(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        delta: 10,
        flowName: 'Engagement',
        nodeLabel: `Clicked pricing (${nodeTypeLabel('action.adjustScore')})`,
        eventId: expect.any(String),
        eventType: 'email.clicked',
      }),
    ]);
  });
});
