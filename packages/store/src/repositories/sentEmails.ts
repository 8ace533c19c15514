import { fromJson, toIso, toJson } from '../codec.js';
import type { RepositoryContext } from './context.js';

/** An email exactly as it left: rendered parts, envelope and headers, beside its outbox row. */
export interface SentEmail {
  outboxId: string;
  template: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  unsubscribeUrl: string;
  /** How it left: over SMTP, or not at all (no email server configured: only recorded). */
  sentVia: 'smtp' | 'none';
  sentAt: string;
}

export type NewSentEmail = Omit<SentEmail, 'sentAt'>;

export interface SentEmailsRepository {
  /** Records the message sent for an outbox row; a second delivery of the same row replaces it. */
  record(email: NewSentEmail): Promise<void>;
  get(outboxId: string): Promise<SentEmail | undefined>;
}

export function createSentEmailsRepository({ db, now }: RepositoryContext): SentEmailsRepository {
  return {
    async record(email) {
      await db()
        .insertInto('sent_emails')
        .values({
          outbox_id: email.outboxId,
          template: email.template,
          sender: email.from,
          recipient: email.to,
          subject: email.subject,
          html: email.html,
          text: email.text,
          headers: toJson(email.headers),
          unsubscribe_url: email.unsubscribeUrl,
          sent_via: email.sentVia,
          sent_at: now(),
        })
        .onConflict((oc) =>
          oc.column('outbox_id').doUpdateSet((eb) => ({
            template: eb.ref('excluded.template'),
            sender: eb.ref('excluded.sender'),
            recipient: eb.ref('excluded.recipient'),
            subject: eb.ref('excluded.subject'),
            html: eb.ref('excluded.html'),
            text: eb.ref('excluded.text'),
            headers: eb.ref('excluded.headers'),
            unsubscribe_url: eb.ref('excluded.unsubscribe_url'),
            sent_via: eb.ref('excluded.sent_via'),
            sent_at: eb.ref('excluded.sent_at'),
          })),
        )
        .execute();
    },
    async get(outboxId) {
      const row = await db()
        .selectFrom('sent_emails')
        .selectAll()
        .where('outbox_id', '=', outboxId)
        .executeTakeFirst();
      return (
        row && {
          outboxId: row.outbox_id,
          template: row.template,
          from: row.sender,
          to: row.recipient,
          subject: row.subject,
          html: row.html,
          text: row.text,
          headers: fromJson(row.headers) as Record<string, string>,
          unsubscribeUrl: row.unsubscribe_url,
          sentVia: row.sent_via as SentEmail['sentVia'],
          sentAt: toIso(row.sent_at),
        }
      );
    },
  };
}
