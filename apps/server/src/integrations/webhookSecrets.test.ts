import { createHmac } from 'node:crypto';
import { FlowDocument } from '@scoreflow/flow';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../testing.js';

let t: ReturnType<typeof createTestApp>;
beforeEach(() => {
  t = createTestApp();
});
afterEach(() => t.cleanup());

describe('GET /api/flows/:id/webhook-secret', () => {
  it('shows the same key until it is rotated, and says how to verify a signature', async () => {
    const flow = t.store.flows.create({
      document: FlowDocument.parse({ schemaVersion: 1, settings: { name: 'x' }, nodes: [], edges: [] }),
    });
    const first = await request(t.app).get(`/api/flows/${flow.id}/webhook-secret`).expect(200);
    expect(first.body).toMatchObject({
      flowId: flow.id,
      algorithm: 'HMAC-SHA256',
      signatureHeader: 'x-scoreflow-signature',
      timestampHeader: 'x-scoreflow-timestamp',
    });
    const again = await request(t.app).get(`/api/flows/${flow.id}/webhook-secret`).expect(200);
    expect(again.body.secret).toBe(first.body.secret);
    const rotated = await request(t.app).post(`/api/flows/${flow.id}/webhook-secret/rotate`).expect(200);
    expect(rotated.body.secret).not.toBe(first.body.secret);
    expect(createHmac('sha256', rotated.body.secret).update('1.{}').digest('hex')).toHaveLength(64);
    await request(t.app).get('/api/flows/nope/webhook-secret').expect(404);
  });
});
