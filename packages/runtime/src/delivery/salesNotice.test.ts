import type { FlowDocumentInput } from '@scoreflow/flow';
import { flow, node } from '@scoreflow/flow/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { activateFlow, createTestRuntime, type TestRuntime } from '../testing/harness.js';
import { startSmtpPeer } from './smtpPeer.js';

const notifyFlow: FlowDocumentInput = flow(
  [
    node('t', 'trigger.event', { event: 'demo.requested' }),
    node('n', 'action.notifySales', { to: 'sales@acme.example', message: 'Wants a demo: call today.' }),
  ],
  ['t>n'],
  { name: 'Hot lead' },
);

let t: TestRuntime | undefined;
let smtp: Awaited<ReturnType<typeof startSmtpPeer>> | undefined;
afterEach(async () => {
  await t?.close();
  await smtp?.close();
  t = undefined;
  smtp = undefined;
});

const email = 'lead@example.com';
const notice = async (rt: TestRuntime) => {
  const id = (await rt.store.contacts.findByEmail(email))?.id ?? '';
  return (await rt.store.outbox.listForContact(id)).find((o) => o.kind === 'notifySales');
};
const settled = (rt: TestRuntime) => async () =>
  ['delivered', 'failed'].includes((await notice(rt))?.status ?? '');

describe('action.notifySales', () => {
  it("emails the step's address over SMTP, or the contact's owner when that is an email address", async () => {
    smtp = await startSmtpPeer();
    t = await createTestRuntime({ smtpUrl: smtp.url, smtpFrom: 'Scoreflow <flows@acme.example>' });
    await t.runtime.start();
    await activateFlow(t.store, notifyFlow);

    await t.send({ type: 'demo.requested', contact: { email, attributes: { owner: 'no one' } } });
    await t.until(settled(t), 'the notice');
    const delivered = await notice(t);
    expect(delivered).toMatchObject({ status: 'delivered', lastError: null });
    const [mail] = smtp.messages;
    expect(mail?.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('sales@acme.example');
    expect(mail?.from?.text).toContain('flows@acme.example');
    expect(mail?.subject).toContain(email);
    expect(mail?.text).toContain('Wants a demo: call today.');
    expect(mail?.messageId).toBe(`<${delivered?.id}@acme.example>`);

    await t.send({
      type: 'demo.requested',
      contact: { email, attributes: { owner: ' kim@acme.example ' } },
    });
    await t.until(() => smtp?.messages.length === 2, 'the second notice');
    const second = smtp.messages[1];
    expect(second?.to && !Array.isArray(second.to) ? second.to.text : '').toBe('kim@acme.example');
  });

  it('fails the step saying why when no SMTP server is configured', async () => {
    t = await createTestRuntime();
    await t.runtime.start();
    await activateFlow(t.store, notifyFlow);
    await t.send({ type: 'demo.requested', contact: { email } });
    await t.until(settled(t), 'the notice');
    const failed = await notice(t);
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed?.lastError).toMatch(/SMTP_URL/);
    const run = (await t.store.runs.list({}))[0];
    const step = await t.store.runs.get(run?.id ?? '');
    expect(step?.status).toBe('failed');
  });
});
