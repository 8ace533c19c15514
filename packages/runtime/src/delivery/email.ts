import type { OutboxEntry, Store } from '@scoreflow/store';
import type { SendMailOptions, Transporter } from 'nodemailer';
import { type ComposedEmail, composeEmail, contactScope } from './compose.js';
import { DeliveryError } from './errors.js';
import { TemplateRenderError } from './templates.js';
import { unsubscribeUrl } from './unsubscribe.js';

/** How emails leave: an SMTP transport, or none (then the outbox row is the delivered record). */
export interface EmailSettings {
  transport?: Transporter | undefined;
  /** The From header, e.g. `Acme <news@acme.example>`. */
  from: string;
  /** Where this installation is reachable from the recipients' mail clients (unsubscribe links). */
  publicUrl: string;
}

export type EmailOutcome =
  | { status: 'delivered'; message: ComposedEmail }
  | { status: 'skipped'; reason: string };

/** Hands one message to the SMTP server, as a DeliveryError when it does not take it. */
export async function sendSmtp(transport: Transporter, mail: SendMailOptions): Promise<void> {
  try {
    await transport.sendMail(mail);
  } catch (err) {
    const code = (err as { responseCode?: number }).responseCode;
    // 5xx is the server refusing this message for good (no such mailbox...); 4xx and network errors retry.
    throw new DeliveryError(`SMTP: ${(err as Error).message}`, {
      permanent: code !== undefined && code >= 500,
    });
  }
}

/**
 * Renders and sends one email outbox row. Consent is checked again here, at delivery time: a contact
 * may unsubscribe between the flow step and the delivery job, and must then get nothing.
 */
export async function deliverEmail(
  store: Store,
  row: OutboxEntry,
  settings: EmailSettings,
): Promise<EmailOutcome> {
  const payload = row.payload as { template: string; to?: string };
  const contact = row.contactId === null ? undefined : await store.contacts.get(row.contactId);
  if (!contact) return { status: 'skipped', reason: 'not sent: the contact no longer exists' };
  if (contact.unsubscribedAt !== null) {
    return { status: 'skipped', reason: `not sent: the contact unsubscribed at ${contact.unsubscribedAt}` };
  }
  const to = contact.email ?? payload.to;
  if (!to) return { status: 'skipped', reason: 'not sent: the contact has no email address' };
  const template = await store.emailTemplates.get(payload.template);
  if (!template) {
    throw new DeliveryError(`email template "${payload.template}" does not exist`, { permanent: true });
  }

  const link = await unsubscribeUrl(store, settings.publicUrl, contact.id);
  const scope = await contactScope(store, contact, link);
  let composed: ComposedEmail;
  try {
    composed = composeEmail(template, scope, {
      from: settings.from,
      to,
      messageKey: row.id,
    });
  } catch (err) {
    if (err instanceof TemplateRenderError) throw new DeliveryError(err.message, { permanent: true });
    throw err;
  }
  const { 'Message-ID': messageId, ...headers } = composed.headers;
  if (settings.transport) {
    await sendSmtp(settings.transport, {
      from: composed.from,
      to,
      subject: composed.subject,
      ...(composed.html === '' ? {} : { html: composed.html }),
      ...(composed.text === '' ? {} : { text: composed.text }),
      messageId,
      headers,
    });
  }
  // What left, kept with its row: the template may change later, the email sent does not.
  await store.sentEmails.record({
    outboxId: row.id,
    template: template.name,
    from: composed.from,
    to,
    subject: composed.subject,
    html: composed.html,
    text: composed.text,
    headers: composed.headers,
    unsubscribeUrl: link,
    sentVia: settings.transport ? 'smtp' : 'none',
  });
  return { status: 'delivered', message: composed };
}
