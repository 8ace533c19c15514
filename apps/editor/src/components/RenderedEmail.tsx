import type { RenderedEmailView } from '@scoreflow/api';
import './email.css';

/** Subject, HTML (sandboxed: no scripts, no navigation) and text of a rendered email. */
export function RenderedEmail({ email }: { email: RenderedEmailView }) {
  return (
    <div className="rendered-email" data-testid="rendered-email">
      <dl className="email-envelope">
        <dt>From</dt>
        <dd>{email.from}</dd>
        <dt>To</dt>
        <dd>{email.to}</dd>
        <dt>Subject</dt>
        <dd data-testid="email-subject">{email.subject}</dd>
      </dl>
      {email.html !== '' && (
        <iframe className="email-html" title="HTML part" sandbox="" srcDoc={email.html} />
      )}
      {email.text !== '' && (
        <pre className="email-text" data-testid="email-text">
          {email.text}
        </pre>
      )}
    </div>
  );
}
