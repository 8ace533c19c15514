import { FREQUENCY_CAPS_SETTING, type FrequencyCaps } from '@scoreflow/flow';
import { flow, node } from '@scoreflow/flow/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { processWait } from './processing/processWait.js';
import { activateFlow } from './testing/harness.js';
import { useTestRuntime } from './testing/useTestRuntime.js';

const HOUR = 3_600_000;
const t = useTestRuntime();
const contact = { email: 'ada@example.com' };
const contactId = async () => (await t().store.contacts.findByEmail(contact.email))?.id ?? '';

/** trigger on `event` → send `template` (with `send`'s options) → tag `tag`, re-entering every time. */
const sending = (event: string, template: string, tag: string, send: Record<string, unknown> = {}) =>
  flow(
    [
      node('t', 'trigger.event', { event }),
      node('mail', 'action.sendEmail', { template, ...send }),
      node('after', 'action.addTag', { tag }),
    ],
    ['t>mail', 'mail>after'],
    { name: `${template} email` },
  );

const caps: FrequencyCaps = {
  rules: [
    { max: 3, windowHours: 24 },
    { max: 1, windowHours: 24, category: 'promotional' },
  ],
};

describe('frequency caps across flows', () => {
  beforeEach(async () => {
    for (const name of ['offer', 'welcome', 'reminder'])
      await t().store.emailTemplates.upsert({ name, subject: name, html: '', text: name });
    await t().store.settings.put(FREQUENCY_CAPS_SETTING, caps);
  });

  it('skips or postpones, as each step says, the emails that would exceed a cap, and sends a postponed one once the window allows', async () => {
    const offerFlow = await activateFlow(
      t().store,
      sending('offer.viewed', 'offer', 'offered', { category: 'promotional', whenCapped: 'skip' }),
    );
    await activateFlow(t().store, sending('signup', 'welcome', 'welcomed'));
    const reminderFlow = await activateFlow(t().store, sending('cart.abandoned', 'reminder', 'reminded'));
    const start = t().clock.now();
    const at = async (hours: number, type: string) => {
      t().clock.set(start + hours * HOUR);
      await t().send({ type, contact });
    };
    const emails = async () =>
      (await t().store.outbox.listForContact(await contactId())).map(
        (o) => (o.payload as { template: string }).template,
      );

    await at(0, 'offer.viewed'); // the one promotional email of the day
    await at(1, 'offer.viewed'); // a second promotional one: skipped, the flow goes on
    await at(2, 'signup'); // 2 of 3 emails
    await at(3, 'cart.abandoned'); // 3 of 3
    await at(4, 'cart.abandoned'); // over the daily 3: postponed
    expect((await emails()).sort()).toEqual(['offer', 'reminder', 'welcome']);

    const [, secondOffer] =
      (await t().store.runs.list({ flowId: offerFlow, order: 'asc', sort: 'startedAt' })) ?? [];
    expect(secondOffer?.status).toBe('completed');
    const skippedStep = (await t().store.steps.listForRun(secondOffer?.id ?? '')).find(
      (s) => s.nodeId === 'mail',
    );
    expect(skippedStep?.output).toMatchObject({
      skipped: 'frequency cap',
      capped: '1 promotional email in the last 24 hours (cap: 1 per 24 hours)',
    });
    expect(await t().store.tags.list(await contactId())).toEqual(
      expect.arrayContaining(['offered', 'welcomed', 'reminded']),
    );

    const runs = await t().store.runs.list({ flowId: reminderFlow, order: 'asc', sort: 'startedAt' });
    const postponed = runs[1];
    expect(postponed).toMatchObject({ status: 'waiting', currentNodeId: 'mail' });
    const postponedStep = (await t().store.steps.listForRun(postponed?.id ?? '')).find(
      (s) => s.nodeId === 'mail',
    );
    // The day's first email (hour 0) leaves the window at hour 24.
    expect(postponedStep?.output).toMatchObject({
      capped: '3 emails in the last 24 hours (cap: 3 per 24 hours)',
      postponedUntil: start + 24 * HOUR,
    });
    const [wait] = await t().store.waits.listForRun(postponed?.id ?? '');
    expect(wait?.dueAtMs).toBe(start + 24 * HOUR);

    // Never early: a moment before, the wait is not due.
    t().clock.set(start + 24 * HOUR - 1);
    expect(await processWait(t().runtime.deps, wait?.id ?? '')).toMatchObject({ status: 'early' });
    t().clock.set(start + 24 * HOUR);
    await t().runtime.reconcile();
    await t().until(
      async () => (await t().store.runs.get(postponed?.id ?? ''))?.status === 'completed',
      'the postponed email to go',
    );
    expect((await emails()).sort()).toEqual(['offer', 'reminder', 'reminder', 'welcome']);
    const steps = (await t().store.steps.listForRun(postponed?.id ?? '')).filter((s) => s.nodeId === 'mail');
    expect(steps.map((s) => (s.output as { capped?: string }).capped ?? 'sent')).toEqual([
      expect.stringMatching(/^3 emails/),
      'sent',
    ]);
  });

  it('lets every email through without caps', async () => {
    await t().store.settings.put(FREQUENCY_CAPS_SETTING, { rules: [] });
    await activateFlow(t().store, sending('cart.abandoned', 'reminder', 'reminded'));
    for (let i = 0; i < 5; i++) await t().send({ type: 'cart.abandoned', contact });
    expect(await t().store.outbox.listForContact(await contactId())).toHaveLength(5);
  });
});
