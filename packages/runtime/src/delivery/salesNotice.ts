import type { OutboxEntry, Store } from '@scoreflow/store';
import { z } from 'zod';
import { domainOf } from './compose.js';
import { type EmailSettings, sendSmtp } from './email.js';
import { DeliveryError } from './errors.js';

/** What an `action.notifySales` step wrote on its outbox row. */
export interface SalesNoticePayload {
  /** The step's address. */
  to: string;
  message: string;
  contact: { id: string; email: string | null; scores: Record<string, number> };
}

const Email = z.email().max(254);

/**
 * Who hears about the contact: its `owner` attribute when that holds an email address (the person who
 * already knows the lead), else the step's own address, which every step has.
 */
export function salesRecipient(owner: unknown, stepAddress: string): string {
  const candidate = typeof owner === 'string' ? owner.trim() : '';
  return Email.safeParse(candidate).success ? candidate : stepAddress;
}

/**
 * Emails a salesperson about a contact through the SMTP server emails use. Unlike a marketing email, a
 * notice without SMTP is not "delivered" to nobody: the step fails, saying so, because the flow's
 * author counts on someone hearing of the lead.
 */
export async function deliverSalesNotice(
  store: Store,
  row: OutboxEntry,
  settings: EmailSettings,
): Promise<void> {
  if (!settings.transport) {
    throw new DeliveryError(
      'sales were not notified: no SMTP server is configured (set SMTP_URL to send notices)',
      { permanent: true },
    );
  }
  const payload = row.payload as unknown as SalesNoticePayload;
  const contact = row.contactId === null ? undefined : await store.contacts.get(row.contactId);
  const to = salesRecipient(contact?.attributes.owner, payload.to);
  const who = contact?.email ?? contact?.externalId ?? payload.contact.email ?? payload.contact.id;
  const scores = contact ? await store.scores.all(contact.id) : payload.contact.scores;
  const link = `${settings.publicUrl.replace(/\/+$/, '')}/contacts/${encodeURIComponent(payload.contact.id)}`;
  const lines = [
    payload.message,
    '',
    `Contact: ${who}`,
    ...Object.entries(scores).map(([name, value]) => `${name}: ${value}`),
    `Open in Scoreflow: ${link}`,
  ];
  await sendSmtp(settings.transport, {
    from: settings.from,
    to,
    subject: `Lead to follow up: ${who}`,
    text: `${lines.join('\n')}\n`,
    // One outbox row, one Message-ID, as for emails: a resend after a crash is the same message.
    messageId: `<${row.id}@${domainOf(settings.from)}>`,
    headers: { 'X-Scoreflow-Outbox-Id': row.id },
  });
}
