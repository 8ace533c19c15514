import { flow, node } from '@scoreflow/flow/testing';
import { expect, it } from 'vitest';
import { activateFlow } from '../testing/harness.js';
import { useTestRuntime } from '../testing/useTestRuntime.js';

// No SMTP_URL: the runtime has no email server to send through.
const t = useTestRuntime();

it('records an email as not sent when no email server is configured, so no screen calls it sent', async () => {
  await t().store.emailTemplates.upsert({ name: 'welcome', subject: 'Welcome', html: '', text: 'Hi.' });
  await activateFlow(
    t().store,
    flow(
      [
        node('t', 'trigger.event', { event: 'signed.up' }),
        node('m', 'action.sendEmail', { template: 'welcome' }),
      ],
      ['t>m'],
      { name: 'Welcome' },
    ),
  );
  await t().send({ type: 'signed.up', contact: { email: 'ada@example.com' } });
  await t().drained('the email delivery');
  const contactId = (await t().store.contacts.findByEmail('ada@example.com'))?.id ?? '';
  const row = (await t().store.outbox.listForContact(contactId)).find((o) => o.kind === 'email');
  // Done as far as the run goes (nothing retries it); the lists say how it left, for the screens.
  expect(row).toMatchObject({ status: 'delivered', sentVia: 'none' });
  expect(await t().store.sentEmails.get(row?.id ?? '')).toMatchObject({
    subject: 'Welcome',
    sentVia: 'none',
  });
});
