import type { OutboxEntry, Store } from '@scoreflow/store';
import type { SendMailOptions, Transporter } from 'nodemailer';
import { DeliveryError } from './errors.js';
import { type RenderedEmail, renderTemplate, TemplateRenderError, usesUnsubscribeLink } from './templates.js';
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
  | { status: 'delivered'; message: RenderedEmail & { to: string; unsubscribeUrl: string } }
  | { status: 'skipped'; reason: string };

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A template that forgot the link still carries one: every marketing email must be unsubscribable. */
function withFooter(rendered: RenderedEmail, link: string): RenderedEmail {
  const footer = `<p style="font-size:12px;color:#666"><a href="${escapeHtml(link)}">Unsubscribe</a></p>`;
  const html =
    rendered.html === ''
      ? ''
      : /<\/body>/i.test(rendered.html)
        ? rendered.html.replace(/<\/body>/i, `${footer}</body>`)
        : `${rendered.html}\n${footer}`;
  return { ...rendered, html, text: `${rendered.text}\n\n--\nUnsubscribe: ${link}\n` };
}

/** The domain of a From address, for Message-IDs: `<outbox id@domain>`. */
export function domainOf(address: string): string {
  const match = /@([^>\s]+)>?\s*$/.exec(address);
  return match?.[1] ?? 'scoreflow.invalid';
}

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
  const contact = row.contactId === null ? undefined : store.contacts.get(row.contactId);
  if (!contact) return { status: 'skipped', reason: 'not sent: the contact no longer exists' };
  if (contact.unsubscribedAt !== null) {
    return { status: 'skipped', reason: `not sent: the contact unsubscribed at ${contact.unsubscribedAt}` };
  }
  const to = contact.email ?? payload.to;
  if (!to) return { status: 'skipped', reason: 'not sent: the contact has no email address' };
  const template = store.emailTemplates.get(payload.template);
  if (!template) {
    throw new DeliveryError(`email template "${payload.template}" does not exist`, { permanent: true });
  }

  const link = unsubscribeUrl(store, settings.publicUrl, contact.id);
  let rendered: RenderedEmail;
  try {
    rendered = renderTemplate(template, {
      contact: {
        id: contact.id,
        email: contact.email,
        externalId: contact.externalId,
        attributes: contact.attributes,
        scores: store.scores.all(contact.id),
        tags: store.tags.list(contact.id),
        lists: store.lists.list(contact.id),
      },
      unsubscribe_url: link,
    });
  } catch (err) {
    if (err instanceof TemplateRenderError) throw new DeliveryError(err.message, { permanent: true });
    throw err;
  }
  if (!usesUnsubscribeLink(template)) rendered = withFooter(rendered, link);
  const message = { ...rendered, to, unsubscribeUrl: link };
  if (!settings.transport) return { status: 'delivered', message };

  await sendSmtp(settings.transport, {
    from: settings.from,
    to,
    subject: rendered.subject,
    ...(rendered.html === '' ? {} : { html: rendered.html }),
    ...(rendered.text === '' ? {} : { text: rendered.text }),
    // One outbox row, one Message-ID: a resend after a crash is recognisable as the same message.
    messageId: `<${row.id}@${domainOf(settings.from)}>`,
    headers: {
      // RFC 8058 one-click unsubscribe: mail clients POST to the link without opening a page.
      'List-Unsubscribe': `<${link}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'X-Scoreflow-Outbox-Id': row.id,
    },
  });
  return { status: 'delivered', message };
}
