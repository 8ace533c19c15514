import { randomUUID } from 'node:crypto';
import { CodedError, DEFAULT_SCORE } from '@scoreflow/flow';
import type { Contact, EmailTemplate, Store } from '@scoreflow/store';
import { type ComposedEmail, composeEmail, contactScope } from './compose.js';
import type { EmailSettings } from './email.js';
import { sendSmtp } from './email.js';
import type { TemplateScope } from './templates.js';
import { unsubscribeUrl } from './unsubscribe.js';

export type PreviewErrorCode = 'preview_contact_not_found' | 'email_not_configured';

export class PreviewError extends CodedError<PreviewErrorCode> {}

type TemplateSource = Pick<EmailTemplate, 'name' | 'subject' | 'html' | 'text'>;

/** A made-up contact for previews on an installation with no contacts yet; its link goes nowhere. */
function sampleScope(publicUrl: string, email: string): TemplateScope {
  return {
    contact: {
      id: 'preview',
      email,
      externalId: null,
      attributes: {},
      scores: { [DEFAULT_SCORE]: 0 },
      tags: [],
      lists: [],
    },
    unsubscribe_url: `${publicUrl.replace(/\/+$/, '')}/u/preview`,
  };
}

async function scopeFor(
  store: Store,
  settings: EmailSettings,
  contact: Contact | undefined,
  contactId: string | undefined,
  to: string,
): Promise<TemplateScope> {
  if (contactId === undefined) return sampleScope(settings.publicUrl, to);
  if (!contact) throw new PreviewError('preview_contact_not_found', `Contact ${contactId} does not exist`);
  return contactScope(store, contact, await unsubscribeUrl(store, settings.publicUrl, contact.id));
}

/**
 * The email a template (saved or not) makes for one contact, rendered exactly as delivery renders it:
 * strict variables, no file system, the same footer and headers. Throws TemplateRenderError naming the
 * part that fails.
 */
export async function previewEmail(
  store: Store,
  settings: EmailSettings,
  template: TemplateSource,
  contactId: string | undefined,
): Promise<ComposedEmail> {
  const contact = contactId === undefined ? undefined : await store.contacts.get(contactId);
  const to = contact?.email ?? 'someone@example.com';
  return composeEmail(template, await scopeFor(store, settings, contact, contactId, to), {
    from: settings.from,
    to,
    messageKey: `preview-${randomUUID()}`,
  });
}

/**
 * Sends the template, rendered for `contactId` (or a made-up contact), to `to` through the configured
 * transport; no outbox row, no effect on any contact. Refused when no SMTP server is configured, since
 * there would be nowhere for the message to go.
 */
export async function sendTestEmail(
  store: Store,
  settings: EmailSettings,
  template: TemplateSource,
  options: { to: string; contactId?: string | undefined },
): Promise<ComposedEmail> {
  if (!settings.transport) {
    throw new PreviewError(
      'email_not_configured',
      'No email server is configured: set SMTP_URL (and SMTP_FROM) and restart Scoreflow to send emails',
    );
  }
  const contact = options.contactId === undefined ? undefined : await store.contacts.get(options.contactId);
  const scope = await scopeFor(store, settings, contact, options.contactId, options.to);
  const composed = composeEmail(template, scope, {
    from: settings.from,
    to: options.to,
    messageKey: `test-${randomUUID()}`,
  });
  const { 'Message-ID': messageId, ...headers } = composed.headers;
  await sendSmtp(settings.transport, {
    from: composed.from,
    to: options.to,
    subject: `[Test] ${composed.subject}`,
    ...(composed.html === '' ? {} : { html: composed.html }),
    ...(composed.text === '' ? {} : { text: composed.text }),
    messageId,
    headers: { ...headers, 'X-Scoreflow-Test': 'true' },
  });
  return { ...composed, to: options.to, subject: `[Test] ${composed.subject}` };
}
