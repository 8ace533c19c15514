import type { SentEmailView as SentEmail } from '@scoreflow/api';
import { useState } from 'react';
import { emailApi } from '../api/email.js';
import { formatTime } from './format.js';
import { RenderedEmail } from './RenderedEmail.js';

/**
 * "Email as sent" beside an email outbox row: loaded when opened, it shows the subject, the parts and
 * the headers exactly as they left, whatever the template says today.
 */
export function SentEmailView({ outboxId }: { outboxId: string }) {
  const [email, setEmail] = useState<SentEmail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => {
    if (email) return;
    emailApi.sentEmail(outboxId).then(setEmail, (err: Error) => setError(err.message));
  };
  return (
    <details
      className="sent-email"
      data-testid="sent-email"
      onToggle={(e) => {
        if ((e.currentTarget as HTMLDetailsElement).open) load();
      }}
    >
      <summary>Email as sent</summary>
      {error && <p className="step-error small">{error}</p>}
      {email && (
        <>
          {email.sentVia === 'none' ? (
            <p className="small warning-text" data-testid="not-sent">
              Not sent: no email server is configured (SMTP_URL), so this is the email as it would have gone,
              recorded {formatTime(email.sentAt)} from template {email.template}.
            </p>
          ) : (
            <p className="muted small">
              Template {email.template}, sent {formatTime(email.sentAt)}
            </p>
          )}
          <RenderedEmail email={email} />
          <details className="email-headers">
            <summary>Headers</summary>
            <dl className="email-envelope">
              {Object.entries(email.headers).map(([k, v]) => (
                <div key={k} style={{ display: 'contents' }}>
                  <dt>{k}</dt>
                  <dd className="mono">{v}</dd>
                </div>
              ))}
            </dl>
          </details>
          <p className="small">
            Unsubscribe link: <span className="mono unsubscribe-url">{email.unsubscribeUrl}</span>
          </p>
        </>
      )}
    </details>
  );
}
