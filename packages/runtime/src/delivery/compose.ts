import type { Contact, EmailTemplate, Store } from '@scoreflow/store';
import { type RenderedEmail, renderTemplate, type TemplateScope, usesUnsubscribeLink } from './templates.js';

/** An email ready to hand to SMTP: rendered parts, envelope and the headers Scoreflow adds. */
export interface ComposedEmail extends RenderedEmail {
  from: string;
  to: string;
  unsubscribeUrl: string;
  headers: Record<string, string>;
}

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

/** What a template sees for one stored contact: its attributes, scores, tags and lists now. */
export async function contactScope(store: Store, contact: Contact, link: string): Promise<TemplateScope> {
  const [scores, tags, lists] = await Promise.all([
    store.scores.all(contact.id),
    store.tags.list(contact.id),
    store.lists.list(contact.id),
  ]);
  return {
    contact: {
      id: contact.id,
      email: contact.email,
      externalId: contact.externalId,
      attributes: contact.attributes,
      scores,
      tags,
      lists,
    },
    unsubscribe_url: link,
  };
}

/**
 * Renders a template for one contact and adds what every email carries: the unsubscribe footer when
 * the template has no link of its own, the RFC 8058 one-click headers and a Message-ID made from
 * `messageKey` (one outbox row, one Message-ID: a resend after a crash is recognisable as the same
 * message). Delivery, previews and test sends all come through here, so they show the same email.
 * Throws TemplateRenderError when a part does not render.
 */
export function composeEmail(
  template: Pick<EmailTemplate, 'name' | 'subject' | 'html' | 'text'>,
  scope: TemplateScope,
  envelope: { from: string; to: string; messageKey: string },
): ComposedEmail {
  let rendered = renderTemplate(template, scope);
  if (!usesUnsubscribeLink(template)) rendered = withFooter(rendered, scope.unsubscribe_url);
  return {
    ...rendered,
    from: envelope.from,
    to: envelope.to,
    unsubscribeUrl: scope.unsubscribe_url,
    headers: {
      'Message-ID': `<${envelope.messageKey}@${domainOf(envelope.from)}>`,
      'List-Unsubscribe': `<${scope.unsubscribe_url}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'X-Scoreflow-Outbox-Id': envelope.messageKey,
    },
  };
}
