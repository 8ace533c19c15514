import { statSync } from 'node:fs';
import path from 'node:path';
import type { FlowDocumentInput } from '@scoreflow/flow';
import { flow, node } from '@scoreflow/flow/testing';
import { describe, expect, it } from 'vitest';
import { activateFlow, DAY, flows } from './testing/harness.js';
import { useTestRuntime } from './testing/useTestRuntime.js';

const t = useTestRuntime();

const waiting: FlowDocumentInput = flow(
  [node('t', 'trigger.event', { event: 'signup' }), node('w', 'control.wait', { seconds: 365 * 86_400 })],
  ['t>w'],
  { name: 'Long wait' },
);

/** The size of the SQLite file; PostgreSQL gives pages back in its own time, so there is none to check. */
const fileSize = () =>
  t().store.dialect === 'sqlite' ? statSync(path.join(t().dir, 'scoreflow.db')).size : undefined;

describe('retention', () => {
  it('prunes old steps, events and delivered outbox rows, keeps the ledger, active runs and each newest event', async () => {
    await activateFlow(t().store, flows.points('email.clicked', 1));
    await activateFlow(t().store, waiting);
    await activateFlow(
      t().store,
      flows.chain(
        'mail',
        ['trigger.event', { event: 'form.submitted' }],
        ['action.sendEmail', { template: 'hello' }],
      ),
    );
    await t().store.emailTemplates.upsert({
      name: 'hello',
      subject: 'Hello',
      html: '<p>Hello</p>',
      text: 'Hello',
    });
    const contact = { email: 'old@example.com' };
    const padding = 'x'.repeat(4_000);
    await t().send({ type: 'signup', contact });
    await t().send(
      ...Array.from({ length: 300 }, () => ({ type: 'email.clicked', contact, properties: { padding } })),
    );
    await t().send({ type: 'form.submitted', contact });
    const id = (await t().store.contacts.findByEmail(contact.email))?.id ?? '';
    await t().until(
      async () => (await t().store.outbox.listForContact(id)).every((o) => o.status === 'delivered'),
      'the email',
    );
    const lastClick = await t().store.events.lastOccurredAt(id, ['email.clicked']);
    await t().store.retention.compact();
    const before = fileSize();

    t().clock.advance(200 * DAY);
    const report = await t().runtime.retention(180);
    expect(report.events).toBe(299); // every click but the newest
    expect(report.steps).toBeGreaterThanOrEqual(600); // two steps per click run, and the email run
    expect(report.outbox).toBe(1);

    expect(await t().store.scores.get(id, 'SCORE')).toBe(300);
    expect(await t().store.ledger.sumForContact(id, 'SCORE')).toBe(300);
    expect(await t().store.events.lastOccurredAt(id, ['email.clicked'])).toBe(lastClick);
    const [longWait] = await t().store.runs.list({ contactId: id, status: 'waiting' });
    expect(await t().store.steps.listForRun(longWait?.id ?? '')).not.toEqual([]);
    // The file gives the pruned pages back.
    if (before !== undefined) expect(fileSize()).toBeLessThan(before);
  });

  it('never prunes inside the 90-day engagement window', async () => {
    await activateFlow(t().store, flows.points('email.clicked', 1));
    const contact = { email: 'recent@example.com' };
    await t().send({ type: 'email.clicked', contact }, { type: 'email.clicked', contact });
    t().clock.advance(60 * DAY);
    expect(await t().runtime.retention(1)).toEqual({ steps: 0, events: 0, outbox: 0 });
  });
});
