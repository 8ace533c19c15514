import { createHmac } from 'node:crypto';
import { emptyFlowDocument } from '@scoreflow/flow';
import { signWebhook, webhookSecretName } from '@scoreflow/runtime';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../testing.js';

const t = useTestApp();

describe('GET /api/flows/:id/webhook-secret', () => {
  it('shows the same key until it is rotated, and says how to verify a signature', async () => {
    const flow = await t.store().flows.create({
      document: emptyFlowDocument('x'),
    });
    const first = await request(t.app()).get(`/api/flows/${flow.id}/webhook-secret`).expect(200);
    expect(first.body).toMatchObject({
      flowId: flow.id,
      algorithm: 'HMAC-SHA256',
      signatureHeader: 'x-scoreflow-signature',
      timestampHeader: 'x-scoreflow-timestamp',
    });
    const again = await request(t.app()).get(`/api/flows/${flow.id}/webhook-secret`).expect(200);
    expect(again.body.secret).toBe(first.body.secret);
    const rotated = await request(t.app()).post(`/api/flows/${flow.id}/webhook-secret/rotate`).expect(200);
    expect(rotated.body.secret).not.toBe(first.body.secret);
    // The runtime now signs with the new key, and a receiver following the answer's recipe gets the
    // signature the runtime sends.
    const signingKey = await t.store().secrets.getOrCreate(webhookSecretName(flow.id));
    expect(signingKey).toBe(rotated.body.secret);
    const content = String(rotated.body.signedContent)
      .replace('<timestamp>', '1700000000')
      .replace('<raw body>', '{"a":1}');
    const theirs = `v1=${createHmac('sha256', rotated.body.secret).update(content).digest('hex')}`;
    expect(theirs).toBe(signWebhook(signingKey, 1700000000, '{"a":1}'));
    await request(t.app()).get('/api/flows/nope/webhook-secret').expect(404);
  });
});
