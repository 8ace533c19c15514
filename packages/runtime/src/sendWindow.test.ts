import { flow, node } from '@scoreflow/flow/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { processWait } from './processing/processWait.js';
import { activateFlow } from './testing/harness.js';
import { useTestRuntime } from './testing/useTestRuntime.js';

const t = useTestRuntime();
const contact = { email: 'ada@example.com' };
const utc = (iso: string) => Date.parse(iso);

describe('send windows and local-time waits on the real runtime', () => {
  beforeEach(async () => {
    await t().store.emailTemplates.upsert({ name: 'offer', subject: 'Offer', html: '', text: 'Offer' });
  });

  it('holds an email due on Friday evening until Monday 09:00 Paris time across the clock change, durably and never early', async () => {
    const flowId = await activateFlow(
      t().store,
      flow(
        [
          node('t', 'trigger.event', { event: 'offer.viewed' }),
          node('mail', 'action.sendEmail', { template: 'offer' }),
        ],
        ['t>mail'],
        {
          name: 'Office hours offer',
          timezone: 'Europe/Paris',
          sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' },
        },
      ),
    );
    // Friday 27 March 2026, 18:00 in Paris; the clocks go forward on Sunday.
    t().clock.set(utc('2026-03-27T17:00:00Z'));
    await t().send({ type: 'offer.viewed', contact });
    const [run] = await t().store.runs.list({ flowId });
    expect(run).toMatchObject({ status: 'waiting', currentNodeId: 'mail' });
    const id = (await t().store.contacts.findByEmail(contact.email))?.id ?? '';
    expect(await t().store.outbox.listForContact(id)).toEqual([]);

    const [wait] = await t().store.waits.listForRun(run?.id ?? '');
    const mondayNine = utc('2026-03-30T07:00:00Z');
    expect(wait?.dueAtMs).toBe(mondayNine);
    const [step] = (await t().store.steps.listForRun(run?.id ?? '')).filter((s) => s.nodeId === 'mail');
    expect(step?.output).toMatchObject({ waitsUntil: 'Mon 2026-03-30 09:00 Europe/Paris' });

    // Redis forgets everything (a restart without persistence); the stored wait brings the send back.
    await t().flushRedis();
    t().clock.set(mondayNine - 1);
    expect(await processWait(t().runtime.deps, wait?.id ?? '')).toMatchObject({ status: 'early' });
    t().clock.set(mondayNine);
    await t().runtime.reconcile();
    await t().until(
      async () => (await t().store.runs.get(run?.id ?? ''))?.status === 'completed',
      'the send',
    );
    expect(await t().store.outbox.listForContact(id)).toHaveLength(1);
  });

  it('waits until a week before the renewal date at 09:00 on the contact clock', async () => {
    const flowId = await activateFlow(
      t().store,
      flow(
        [
          node('t', 'trigger.event', { event: 'subscribed' }),
          node('w', 'control.waitUntilDate', { attribute: 'renewal_date', offsetDays: -7, time: '09:00' }),
          node('tag', 'action.addTag', { tag: 'renewal-reminder' }),
        ],
        ['t>w', 'w>tag'],
        { name: 'Renewal reminder' },
      ),
    );
    t().clock.set(utc('2026-04-01T12:00:00Z'));
    await t().send({
      type: 'subscribed',
      contact: { ...contact, attributes: { renewal_date: '2026-05-20', timezone: 'America/New_York' } },
    });
    const [run] = await t().store.runs.list({ flowId });
    const [wait] = await t().store.waits.listForRun(run?.id ?? '');
    // 13 May 09:00 in New York (EDT, UTC-4).
    expect(wait?.dueAtMs).toBe(utc('2026-05-13T13:00:00Z'));
    t().clock.set(utc('2026-05-13T13:00:00Z'));
    await t().runtime.reconcile();
    await t().until(
      async () => (await t().store.runs.get(run?.id ?? ''))?.status === 'completed',
      'the reminder',
    );
    const id = (await t().store.contacts.findByEmail(contact.email))?.id ?? '';
    expect(await t().store.tags.list(id)).toEqual(['renewal-reminder']);
  });
});
