import { fromJson, toIso, toJson } from '../codec.js';
import type { LegacyRepositoryContext } from './context.js';

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
  record(email: NewSentEmail): void;
  get(outboxId: string): SentEmail | undefined;
}

interface Row {
  outbox_id: string;
  template: string;
  sender: string;
  recipient: string;
  subject: string;
  html: string;
  text: string;
  headers: string;
  unsubscribe_url: string;
  sent_via: 'smtp' | 'none';
  sent_at: number;
}

export function createSentEmailsRepository({ db, now }: LegacyRepositoryContext): SentEmailsRepository {
  const upsert = db.prepare(
    `INSERT INTO sent_emails (outbox_id, template, sender, recipient, subject, html, text, headers,
       unsubscribe_url, sent_via, sent_at)
     VALUES (@outboxId, @template, @from, @to, @subject, @html, @text, @headers, @unsubscribeUrl, @sentVia,
       @now)
     ON CONFLICT (outbox_id) DO UPDATE SET template = excluded.template, sender = excluded.sender,
       recipient = excluded.recipient, subject = excluded.subject, html = excluded.html,
       text = excluded.text, headers = excluded.headers, unsubscribe_url = excluded.unsubscribe_url,
       sent_via = excluded.sent_via, sent_at = excluded.sent_at`,
  );
  const selectOne = db.prepare<[string], Row>('SELECT * FROM sent_emails WHERE outbox_id = ?');
  return {
    record(email) {
      upsert.run({ ...email, headers: toJson(email.headers), now: now() });
    },
    get(outboxId) {
      const row = selectOne.get(outboxId);
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
          sentVia: row.sent_via,
          sentAt: toIso(row.sent_at),
        }
      );
    },
  };
}
