import { flow, node } from '@scoreflow/flow/testing';
import { activateFlow, startSmtpPeer } from '@scoreflow/runtime/testing';
import { createTransport } from 'nodemailer';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../testing.js';

const template = {
  subject: 'Your score: {{ contact.scores.SCORE }}',
  html: '<p>Hi {{ contact.attributes.firstName }}</p>',
  text: 'Hi {{ contact.attributes.firstName }}',
};

let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
beforeEach(async () => {
  smtp = await startSmtpPeer();
});
afterEach(async () => {
  await smtp.close();
});

describe('preview, variables and publish checks (no email server)', () => {
  const ctx = useTestApp({ runtime: true, start: false });

  const contact = async () =>
    (await ctx.store().contacts.upsertByIdentity({ email: 'ada@example.com' })).contact;

  it('renders for a contact as delivery would, and answers 422 naming the part a strict render fails on', async () => {
    const ada = await contact();
    await ctx.store().contacts.setAttribute(ada.id, 'firstName', 'Ada <b>');
    await ctx.store().scores.set(ada.id, 'SCORE', 42);
    const ok = await request(ctx.app())
      .post('/api/templates/talk-to-sales/preview')
      .send({ template, contactId: ada.id })
      .expect(200);
    expect(ok.body).toMatchObject({ to: 'ada@example.com', subject: 'Your score: 42' });
    // The same footer and one-click headers as a delivered email, the contact's escaped in HTML.
    expect(ok.body.html).toContain('<p>Hi Ada &lt;b&gt;</p>');
    expect(ok.body.text).toContain(`Unsubscribe: ${ok.body.unsubscribeUrl}`);
    expect(ok.body.headers['List-Unsubscribe']).toBe(`<${ok.body.unsubscribeUrl}>`);

    const bob = (await ctx.store().contacts.upsertByIdentity({ email: 'bob@example.com' })).contact;
    const failed = await request(ctx.app())
      .post('/api/templates/talk-to-sales/preview')
      .send({ template: { ...template, subject: 'Hello' }, contactId: bob.id })
      .expect(422);
    expect(failed.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(failed.body.errors[0]).toMatchObject({
      pointer: '/template/html',
      message: expect.stringMatching(/undefined variable: contact\.attributes\.firstName/),
    });
    await request(ctx.app())
      .post('/api/templates/x/preview')
      .send({ template, contactId: 'nobody' })
      .expect(404);
  });

  it('refuses a test send with a clear problem when no email server is configured', async () => {
    const res = await request(ctx.app())
      .post('/api/templates/x/test')
      .send({ template: { subject: 'Hi', text: 'plain' }, to: 'me@example.com' })
      .expect(409);
    expect(res.body.detail).toMatch(/No email server is configured: set SMTP_URL/);
  });

  it('shows an email recorded without an email server as not sent, on the contact and on its run', async () => {
    await request(ctx.app()).put('/api/templates/welcome').send({ subject: 'Hi', text: 'Hello' }).expect(201);
    const flowId = await activateFlow(
      ctx.store(),
      flow(
        [
          node('t', 'trigger.event', { event: 'signed.up' }),
          node('m', 'action.sendEmail', { template: 'welcome' }),
        ],
        ['t>m'],
        { name: 'Welcome' },
      ),
    );
    await ctx.runtime().runtime.start();
    await request(ctx.app())
      .post('/api/events')
      .send({ type: 'signed.up', contact: { email: 'kim@example.com' } })
      .expect(202);
    const kim = async () => (await ctx.store().contacts.findByEmail('kim@example.com'))?.id;
    await ctx.runtime().until(async () => {
      const id = await kim();
      return id !== undefined && (await ctx.store().outbox.listForContact(id))[0]?.status === 'delivered';
    }, 'the email to be recorded');
    const contactId = (await kim()) ?? '';
    const outbox = async () =>
      (await request(ctx.app()).get('/api/outbox').query({ contactId }).expect(200)).body.items;
    // The run is done with it (nothing retries it), but nobody received it: never "delivered".
    expect(await outbox()).toEqual([expect.objectContaining({ kind: 'email', status: 'not_sent' })]);
    const [run] = await ctx.store().runs.list({ flowId, limit: 1 });
    const detail = await request(ctx.app()).get(`/api/runs/${run?.id}`).expect(200);
    expect(detail.body.status).toBe('completed');
    expect(detail.body.outbox).toEqual([expect.objectContaining({ status: 'not_sent' })]);
  });

  it('lists attribute keys, score names and each template with its variables', async () => {
    const ada = await contact();
    await ctx.store().contacts.setAttribute(ada.id, 'plan', 'pro');
    await ctx.store().scores.set(ada.id, 'FIT', 3);
    await request(ctx.app()).put('/api/templates/hello').send(template).expect(201);
    const res = await request(ctx.app()).get('/api/template-variables').expect(200);
    expect(res.body).toEqual({
      attributes: ['plan'],
      scores: ['FIT', 'SCORE'],
      templates: [{ name: 'hello', variables: ['contact.attributes.firstName', 'contact.scores.SCORE'] }],
    });
  });

  it('refuses to publish a Send email step naming a missing template, with every diagnostic', async () => {
    const doc = flow(
      [
        node('t', 'trigger.event', { event: 'email.clicked' }),
        node('m', 'action.sendEmail', { template: 'welcome' }),
        node('h', 'action.sendEmail', { template: 'hello' }),
        node('lost', 'action.addTag', { tag: 'x' }),
      ],
      ['t>m', 'm>h'],
      { name: 'Emails' },
    );
    await request(ctx.app()).put('/api/templates/hello').send(template).expect(201);
    const created = await request(ctx.app()).post('/api/flows').send({ document: doc }).expect(201);
    // The draft shows them too, so the editor and the API agree.
    expect(created.body.diagnostics.map((d: { code: string }) => d.code)).toContain('unknown_template');
    const res = await request(ctx.app()).post(`/api/flows/${created.body.id}/publish`).expect(422);
    const byCode = (code: string) => res.body.errors.filter((e: { code: string }) => e.code === code);
    expect(byCode('unknown_template')).toEqual([
      expect.objectContaining({ nodeId: 'm', severity: 'error', pointer: '/nodes/1/config/template' }),
    ]);
    expect(byCode('unknown_template_variable').map((e: { message: string }) => e.message)).toEqual([
      expect.stringMatching(/"hello", which uses \{\{ contact\.attributes\.firstName \}\}/),
    ]);
    expect(byCode('unreachable_node')).toHaveLength(1);

    await request(ctx.app()).put('/api/templates/welcome').send(template).expect(201);
    await request(ctx.app())
      .put(`/api/flows/${created.body.id}`)
      .send({ document: { ...doc, nodes: doc.nodes.slice(0, 3) } })
      .expect(200);
    // Warnings do not block publishing.
    await request(ctx.app()).post(`/api/flows/${created.body.id}/publish`).expect(201);
  });
});

describe('test sends and the email as sent (local SMTP server)', () => {
  const ctx = useTestApp({
    runtime: () => ({ smtpUrl: smtp.url, smtpFrom: 'Acme <news@acme.example>', publicUrl: 'http://sf.test' }),
    deps: () => ({
      email: {
        transport: createTransport(smtp.url),
        from: 'Acme <news@acme.example>',
        publicUrl: 'http://sf.test',
      },
    }),
  });

  it('sends a test email to the given address through the configured server', async () => {
    const res = await request(ctx.app())
      .post('/api/templates/hello/test')
      .send({
        template: { subject: 'Hi {{ contact.email }}', text: 'Score {{ contact.scores.SCORE }}' },
        to: 'me@example.com',
      })
      .expect(200);
    expect(res.body.subject).toBe('[Test] Hi me@example.com');
    await ctx.runtime().until(() => smtp.messages.length === 1, 'the test email to arrive');
    const mail = smtp.messages[0];
    expect(mail?.subject).toBe('[Test] Hi me@example.com');
    expect(mail?.text).toContain('Score 0');
    expect(mail?.headers.get('x-scoreflow-test')).toBe('true');
    // A test send is no delivery: nothing in the outbox.
    expect(await ctx.store().outbox.listPending()).toEqual([]);
  });

  it('answers the email as sent for a delivered outbox row', async () => {
    await request(ctx.app())
      .put('/api/templates/talk-to-sales')
      .send({ subject: 'Score {{ contact.scores.SCORE }}', text: 'Let us talk, {{ contact.email }}' })
      .expect(201);
    await activateFlow(
      ctx.store(),
      flow(
        [
          node('t', 'trigger.event', { event: 'pricing.viewed' }),
          node('a', 'action.adjustScore', { score: 'SCORE', delta: 50 }),
          node('m', 'action.sendEmail', { template: 'talk-to-sales' }),
        ],
        ['t>a', 'a>m'],
        { name: 'Sales' },
      ),
    );
    await request(ctx.app())
      .post('/api/events')
      .send({ type: 'pricing.viewed', contact: { email: 'lin@example.com' } })
      .expect(202);
    await ctx.runtime().until(() => smtp.messages.length === 1, 'the email to arrive');
    const contactId = (await ctx.store().contacts.findByEmail('lin@example.com'))?.id ?? '';
    await ctx
      .runtime()
      .until(
        async () => (await ctx.store().outbox.listForContact(contactId))[0]?.status === 'delivered',
        'the row to be delivered',
      );
    const row = (await ctx.store().outbox.listForContact(contactId))[0];
    const listed = await request(ctx.app()).get('/api/outbox').query({ contactId }).expect(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: row?.id, status: 'delivered' })]);
    const res = await request(ctx.app()).get(`/api/outbox/${row?.id}/email`).expect(200);
    expect(res.body).toMatchObject({
      template: 'talk-to-sales',
      to: 'lin@example.com',
      subject: 'Score 50',
      from: 'Acme <news@acme.example>',
      sentVia: 'smtp',
    });
    expect(res.body.text).toContain('Let us talk, lin@example.com');
    expect(res.body.headers['Message-ID']).toBe(smtp.messages[0]?.messageId);
    await request(ctx.app()).get('/api/outbox/nope/email').expect(404);
  });
});
