import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FlowDocumentInput } from '@scoreflow/flow';
import { flow, node } from '@scoreflow/flow/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { activateFlow } from './testing/harness.js';
import { useTestRuntime } from './testing/useTestRuntime.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

/** A real local HTTP peer that answers with the given statuses in turn (then 200). */
async function webhookPeer(statuses: number[]) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let data = '';
    req.on('data', (chunk) => {
      data += chunk;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(data) });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, received, close: () => new Promise((r) => server.close(r)) };
}

const crmFlow = (url: string): FlowDocumentInput =>
  flow(
    [
      node('t', 'trigger.event', { event: 'demo.requested' }),
      node('h', 'action.webhook', { url }),
      node('m', 'action.sendEmail', { template: 'demo-confirmation' }),
    ],
    ['t>h', 'h>m'],
    { name: 'Tell the CRM' },
  );

const contact = { email: 'kim@example.com' };
const t = useTestRuntime({ deliveryAttempts: 3, deliveryBackoffMs: 20, webhookAllowPrivate: true });
const contactId = async () => (await t().store.contacts.findByEmail(contact.email))?.id ?? '';
const outbox = async () => t().store.outbox.listForContact(await contactId());

describe('outbox delivery after commit', () => {
  beforeEach(async () => {
    await t().store.emailTemplates.upsert({
      name: 'demo-confirmation',
      subject: 'Your demo',
      html: '',
      text: 'See you.',
    });
  });

  it('delivers a webhook that failed once on retry, exactly once, with an idempotency key; emails without SMTP stay as outbox records', async () => {
    const peer = await webhookPeer([503]);
    try {
      await activateFlow(t().store, crmFlow(peer.url));
      await t().send({ type: 'demo.requested', contact });
      await t().until(async () => (await outbox()).every((o) => o.status === 'delivered'), 'both deliveries');

      expect(peer.received).toHaveLength(2);
      const [first, second] = peer.received;
      expect(first?.headers['idempotency-key']).toBe(second?.headers['idempotency-key']);
      expect(second?.body).toMatchObject({
        type: 'scoreflow.webhook',
        nodeId: 'h',
        contact: { email: contact.email },
      });
      const rows = await outbox();
      const hook = rows.find((o) => o.kind === 'webhook');
      expect(hook).toMatchObject({
        status: 'delivered',
        attempts: 1,
        lastError: expect.stringMatching(/HTTP 503/),
      });
      expect(rows.find((o) => o.kind === 'email')).toMatchObject({
        status: 'delivered',
        payload: { template: 'demo-confirmation', to: contact.email },
      });

      // A delivery job that runs again (at-least-once queues) sends nothing more.
      await t().runtime.queues.deliveries.add(
        'deliver',
        { outboxId: hook?.id ?? '' },
        { jobId: `again-${hook?.id}` },
      );
      await t().drained();
      expect(peer.received).toHaveLength(2);
    } finally {
      await peer.close();
    }
  });

  it('a webhook that keeps failing ends as a failed step on a failed run, saying why', async () => {
    const peer = await webhookPeer([500, 500, 500]);
    try {
      await activateFlow(t().store, crmFlow(peer.url));
      await t().send({ type: 'demo.requested', contact });
      const run = async () => (await t().store.runs.list({ contactId: await contactId() }))[0];
      await t().until(async () => (await run())?.status === 'failed', 'the run to fail');
      expect(peer.received).toHaveLength(3);
      const failed = await run();
      expect(failed?.error).toMatch(/HTTP 500/);
      const failedStep = (await t().store.steps.listForRun(failed?.id ?? '')).find(
        (s) => s.status === 'error',
      );
      expect(failedStep).toMatchObject({
        nodeId: 'h',
        error: expect.stringMatching(/after 3 attempt\(s\).*HTTP 500/),
      });
      expect((await outbox()).find((o) => o.kind === 'webhook')?.status).toBe('failed');
    } finally {
      await peer.close();
    }
  });
});
