import { flow, node } from '@scoreflow/flow/testing';
import { activateFlow, startSmtpPeer } from '@scoreflow/runtime/testing';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../testing.js';

let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
// The mail server starts first and stops last: the runtime is made with its URL.
beforeEach(async () => {
  smtp = await startSmtpPeer();
});
afterEach(async () => {
  await smtp.close();
});
const { app, runtime: t } = useTestApp({
  runtime: () => ({ smtpUrl: smtp.url, publicUrl: 'http://scoreflow.test' }),
});

const template = {
  subject: 'Your score: {{ contact.scores.SCORE }}',
  html: '<p>Hello {{ contact.email }}</p><p><a href="{{ unsubscribe_url }}">Stop these emails</a></p>',
  text: 'Hello {{ contact.email }}. Unsubscribe: {{ unsubscribe_url }}',
};

describe('templates API', () => {
  it('creates, reads, lists, replaces and deletes a template', async () => {
    const created = await request(app()).put('/api/templates/talk-to-sales').send(template).expect(201);
    expect(created.body).toMatchObject({ name: 'talk-to-sales', ...template });
    await request(app())
      .put('/api/templates/talk-to-sales')
      .send({ ...template, subject: 'Hi' })
      .expect(200);
    expect((await request(app()).get('/api/templates/talk-to-sales').expect(200)).body.subject).toBe('Hi');
    expect((await request(app()).get('/api/templates').expect(200)).body.items).toHaveLength(1);
    await request(app()).delete('/api/templates/talk-to-sales').expect(204);
    await request(app()).get('/api/templates/talk-to-sales').expect(404);
  });

  it('refuses bad syntax, unknown filters and unknown variables, naming the part', async () => {
    const res = await request(app())
      .put('/api/templates/broken')
      .send({
        subject: 'Hi {{ contact.email | shout }}',
        html: '<p>{% if contact.email %}unclosed</p>',
        text: 'Hi {{ user.name }}',
      })
      .expect(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    const byPointer = Object.fromEntries(
      res.body.errors.map((e: { pointer: string; message: string }) => [e.pointer, e.message]),
    );
    expect(byPointer['/subject']).toMatch(/undefined filter: shout/);
    expect(byPointer['/html']).toMatch(/not closed/);
    expect(byPointer['/text']).toMatch(/unknown variable "user.name"/);
    // No file system behind the engine: an include can never read a file from disk.
    const include = await request(app())
      .put('/api/templates/include')
      .send({ subject: 'x', text: '{% include "/etc/passwd" %}' })
      .expect(400);
    expect(include.body.errors[0]).toMatchObject({
      pointer: '/text',
      message: expect.stringMatching(/ENOENT/),
    });
    await request(app()).put('/api/templates/empty').send({ subject: 'x' }).expect(400);
    expect(await t().store.emailTemplates.list()).toEqual([]);
  });
});

describe('unsubscribe link', () => {
  it('arrives in the email, shows a page on GET, and one-click POST unsubscribes the contact', async () => {
    await request(app()).put('/api/templates/talk-to-sales').send(template).expect(201);
    await activateFlow(
      t().store,
      flow(
        [
          node('t', 'trigger.event', { event: 'pricing.viewed' }),
          node('a', 'action.adjustScore', { score: 'SCORE', delta: 30 }),
          node('m', 'action.sendEmail', { template: 'talk-to-sales' }),
        ],
        ['t>a', 'a>m'],
        { name: 'Sales' },
      ),
    );
    const event = { type: 'pricing.viewed', contact: { email: 'lin@example.com' } };
    await request(app()).post('/api/events').send(event).expect(202);
    await t().until(() => smtp.messages.length === 1, 'the email to arrive');
    const mail = smtp.messages[0];
    expect(mail?.subject).toBe('Your score: 30');
    const header = mail?.headerLines.find((h) => h.key === 'list-unsubscribe')?.line ?? '';
    const url = /<(http:\/\/scoreflow\.test(\/u\/[^>]+))>/.exec(header);
    const path = url?.[2] ?? '';
    expect(path).toMatch(/^\/u\/[\w-]+\.[\w-]+$/);
    // The template placed the link itself: no footer is added, and the text carries the same link.
    expect(mail?.text).toBe(`Hello lin@example.com. Unsubscribe: ${url?.[1]}`);
    expect(mail?.html).toContain(`<a href="${url?.[1]}">Stop these emails</a>`);

    const contactId = (await t().store.contacts.findByEmail('lin@example.com'))?.id ?? '';
    const page = await request(app()).get(path).expect(200);
    expect(page.text).toContain('Stop marketing emails to <strong>lin@example.com</strong>');
    expect((await t().store.contacts.get(contactId))?.unsubscribedAt).toBeNull();

    await request(app()).get(`${path}x`).expect(404);
    await request(app()).post(`${path}x`).type('form').send('List-Unsubscribe=One-Click').expect(404);
    expect((await t().store.contacts.get(contactId))?.unsubscribedAt).toBeNull();

    // What a mail client sends for RFC 8058 one-click.
    await request(app()).post(path).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect((await t().store.contacts.get(contactId))?.unsubscribedAt).not.toBeNull();

    // No more marketing email, whatever the flow says; the step says why.
    await request(app()).post('/api/events').send(event).expect(202);
    await t().until(async () => (await t().store.runs.count({ contactId })) === 2, 'the second run');
    await t().drained();
    expect(smtp.messages).toHaveLength(1);
    const runs = await t().store.runs.list({ contactId });
    const steps = (await Promise.all(runs.map((r) => t().store.steps.listForRun(r.id))))
      .flat()
      .filter((s) => s.nodeId === 'm');
    expect(steps.some((s) => s.status === 'skipped')).toBe(true);
  });
});
