import type { FlowDocumentInput } from '@scoreflow/flow';
import { flow, node } from '@scoreflow/flow/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processEvent } from '../processing/processEvent.js';
import { activateFlow } from '../testing/harness.js';
import { useTestRuntime } from '../testing/useTestRuntime.js';
import { deliver } from './deliver.js';
import { startSmtpPeer } from './smtpPeer.js';
import { verifyUnsubscribeToken } from './unsubscribe.js';

const emailFlow = (template: string): FlowDocumentInput =>
  flow(
    [node('t', 'trigger.event', { event: 'signed.up' }), node('m', 'action.sendEmail', { template })],
    ['t>m'],
    {
      name: 'Welcome',
    },
  );

let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
// The mail server starts first and stops last: the runtime is made with its URL.
beforeEach(async () => {
  smtp = await startSmtpPeer();
});
afterEach(async () => {
  await smtp.close();
});
const t = useTestRuntime(() => ({
  smtpUrl: smtp.url,
  smtpFrom: 'Acme <news@acme.example>',
  publicUrl: 'https://scoreflow.acme.example/',
  deliveryAttempts: 3,
}));
const to = 'ada@example.com';
const contactId = async () => (await t().store.contacts.findByEmail(to))?.id ?? '';
const run = async () => (await t().store.runs.list({ contactId: await contactId() }))[0];
const emailRow = async () =>
  (await t().store.outbox.listForContact(await contactId())).find((o) => o.kind === 'email');
const stepsOf = async (status: string) =>
  (await t().store.steps.listForRun((await run())?.id ?? '')).filter((s) => s.status === status);

beforeEach(async () => {
  await t().store.emailTemplates.upsert({
    name: 'welcome',
    subject: 'Welcome, {{ contact.attributes.firstName }}!',
    html: '<p>Hi {{ contact.attributes.firstName }}, your score is {% if contact.scores.SCORE %}{{ contact.scores.SCORE }}{% else %}0{% endif %}.</p>',
    text: 'Hi {{ contact.attributes.firstName }}.',
  });
});

describe('email delivery over SMTP', () => {
  it('renders the template for the contact and sends it with a working one-click unsubscribe link', async () => {
    await activateFlow(t().store, emailFlow('welcome'));
    await t().send({
      type: 'signed.up',
      contact: { email: to, attributes: { firstName: 'Ada <script>' } },
    });
    await t().until(
      async () => smtp.messages.length === 1 || (await emailRow())?.status === 'failed',
      'the email to arrive',
    );
    const row = await emailRow();
    expect(row?.lastError ?? null).toBeNull();
    const mail = smtp.messages[0];
    expect(mail?.subject).toBe('Welcome, Ada <script>!');
    expect(mail?.from?.value[0]).toMatchObject({ name: 'Acme', address: 'news@acme.example' });
    expect(mail?.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe(to);
    // HTML escapes what contacts send; the text part stays plain.
    expect(mail?.html).toContain('Hi Ada &lt;script&gt;, your score is 0.');
    expect(mail?.text).toContain('Hi Ada <script>.');
    expect(mail?.messageId).toBe(`<${row?.id}@acme.example>`);

    // The template has no link of its own: a footer adds it, and the RFC 8058 headers point at it.
    const header = mail?.headerLines.find((h) => h.key === 'list-unsubscribe')?.line ?? '';
    const link = /https:\/\/scoreflow\.acme\.example\/u\/([\w.-]+)/.exec(header);
    expect(link).not.toBeNull();
    expect(mail?.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    expect(mail?.text).toContain(`Unsubscribe: ${link?.[0]}`);
    expect(mail?.html).toContain(`href="${link?.[0]}"`);
    expect(await verifyUnsubscribeToken(t().store, link?.[1] ?? '')).toBe(await contactId());
    expect(await verifyUnsubscribeToken(t().store, `${link?.[1]}x`)).toBeUndefined();

    await t().until(async () => (await emailRow())?.status === 'delivered', 'the outbox row to be delivered');
    expect((await run())?.status).toBe('completed');

    // The email as sent is kept with its row: a template edited later does not rewrite it.
    const sent = await t().store.sentEmails.get(row?.id ?? '');
    expect(sent).toMatchObject({
      template: 'welcome',
      from: 'Acme <news@acme.example>',
      to,
      subject: 'Welcome, Ada <script>!',
      unsubscribeUrl: link?.[0],
      sentVia: 'smtp',
    });
    expect(sent?.html).toContain('Hi Ada &lt;script&gt;, your score is 0.');
    expect(sent?.text).toContain(`Unsubscribe: ${link?.[0]}`);
    expect(sent?.headers).toMatchObject({
      'Message-ID': mail?.messageId,
      'List-Unsubscribe': `<${link?.[0]}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it('fails the step with the missing variable named when the contact lacks it, and sends nothing', async () => {
    await activateFlow(t().store, emailFlow('welcome'));
    await t().send({ type: 'signed.up', contact: { email: to } });
    await t().until(async () => (await run())?.status === 'failed', 'the run to fail');
    const [failed] = await stepsOf('error');
    expect(failed?.error).toMatch(
      /template "welcome", subject: undefined variable: contact\.attributes\.firstName/,
    );
    // A template error is permanent: no retries, one attempt.
    expect(await emailRow()).toMatchObject({ status: 'failed', attempts: 1 });
    expect(smtp.messages).toHaveLength(0);
  });

  it('fails clearly when the template does not exist', async () => {
    await activateFlow(t().store, emailFlow('no-such-template'));
    await t().send({ type: 'signed.up', contact: { email: to } });
    await t().until(async () => (await run())?.status === 'failed', 'the run to fail');
    expect((await run())?.error).toMatch(/email template "no-such-template" does not exist/);
  });

  it('sends nothing to a contact who unsubscribed between the step and the delivery, and says why', async () => {
    // Workers stopped: the step runs and writes the outbox row, but nothing delivers it yet.
    await t().runtime.close();
    await activateFlow(t().store, emailFlow('welcome'));
    const [result] = await t().ingest([
      { type: 'signed.up', contact: { email: to, attributes: { firstName: 'Ada' } } },
    ]);
    await processEvent(t().runtime.deps, (result as { id: string }).id);
    const row = await emailRow();
    expect(row?.status).toBe('pending');
    await t().store.contacts.unsubscribe(await contactId());

    const outcome = await deliver(t().runtime.deps, row?.id ?? '', {
      email: { from: 'a@b.example', publicUrl: 'https://x.example' },
    });
    expect(outcome).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/unsubscribed/) });
    expect(await emailRow()).toMatchObject({
      status: 'failed',
      lastError: expect.stringMatching(/unsubscribed/),
    });
    const steps = (await t().store.steps.listForRun((await run())?.id ?? '')).filter((s) => s.nodeId === 'm');
    expect(steps.at(-1)).toMatchObject({
      status: 'skipped',
      output: { skipped: expect.stringMatching(/unsubscribed/) },
    });
    expect((await run())?.status).toBe('completed');
    expect(smtp.messages).toHaveLength(0);
  });
});
