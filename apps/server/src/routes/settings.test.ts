import { flow, node } from '@scoreflow/flow/testing';
import { activateFlow } from '@scoreflow/runtime/testing';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { tokenHeaders, useTestApp } from '../testing.js';

describe('the frequency caps setting', () => {
  const ctx = useTestApp();

  it('starts without caps, stores what a marketer puts, and every role reads it', async () => {
    expect((await request(ctx.app()).get('/api/settings/frequency-caps').expect(200)).body).toEqual({
      rules: [],
    });
    const caps = {
      rules: [
        { max: 3, windowHours: 168 },
        { max: 1, windowHours: 24, category: 'promotional' },
      ],
    };
    const marketer = await tokenHeaders(ctx.store(), 'marketer');
    await request(ctx.bare()).put('/api/settings/frequency-caps').set(marketer).send(caps).expect(200, caps);
    const support = await tokenHeaders(ctx.store(), 'support');
    expect(
      (await request(ctx.bare()).get('/api/settings/frequency-caps').set(support).expect(200)).body,
    ).toEqual(caps);
  });

  it('refuses bad rules with every problem at its place, and support may not change them', async () => {
    const res = await request(ctx.app())
      .put('/api/settings/frequency-caps')
      .send({ rules: [{ max: 0, windowHours: -1 }] })
      .expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/rules/0/max',
      '/rules/0/windowHours',
    ]);
    const support = await tokenHeaders(ctx.store(), 'support');
    await request(ctx.bare())
      .put('/api/settings/frequency-caps')
      .set(support)
      .send({ rules: [] })
      .expect(403);
    expect((await request(ctx.app()).get('/api/settings/frequency-caps').expect(200)).body).toEqual({
      rules: [],
    });
  });
});

describe('held-back sends on the contact and the canvas', () => {
  const ctx = useTestApp({ runtime: true });

  it('lists a skipped send with its flow, step and reason, and counts it on the step', async () => {
    const t = ctx.runtime();
    await t.store.emailTemplates.upsert({ name: 'offer', subject: 'Offer', html: '', text: 'Offer' });
    await request(ctx.app())
      .put('/api/settings/frequency-caps')
      .send({ rules: [{ max: 1, windowHours: 24 }] })
      .expect(200);
    const flowId = await activateFlow(
      t.store,
      flow(
        [
          node('t', 'trigger.event', { event: 'offer.viewed' }),
          {
            ...node('mail', 'action.sendEmail', { template: 'offer', whenCapped: 'skip' }),
            label: 'Send the offer',
          },
        ],
        ['t>mail'],
        { name: 'Offer follow-up' },
      ),
    );
    await t.send({ type: 'offer.viewed', contact: { email: 'ada@example.com' } });
    await t.send({ type: 'offer.viewed', contact: { email: 'ada@example.com' } });
    const contact = await t.store.contacts.findByEmail('ada@example.com');

    const held = await request(ctx.app()).get(`/api/contacts/${contact?.id}/held-back`).expect(200);
    expect(held.body.items).toEqual([
      expect.objectContaining({
        flowName: 'Offer follow-up',
        stepName: 'Send the offer (Send email)',
        template: 'offer',
        action: 'skipped',
        postponedUntil: null,
        reason: '1 email in the last 24 hours (cap: 1 per 24 hours)',
      }),
    ]);
    const stats = await request(ctx.app()).get(`/api/flows/${flowId}/stats`).expect(200);
    expect(stats.body.cappedByNode).toEqual({ mail: { skipped: 1, postponed: 0 } });
    await request(ctx.app()).get('/api/contacts/nobody/held-back').expect(404);
  });
});
