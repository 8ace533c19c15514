import type { RenderedEmailView } from '@scoreflow/api';
import { useEffect, useState } from 'react';
import { contactsApi } from '../../api/contacts.js';
import type { TemplateSource } from '../../api/email.js';
import { emailApi } from '../../api/email.js';
import { ErrorBanner, FormAlert } from '../../components/ErrorBanner.js';
import { RenderedEmail } from '../../components/RenderedEmail.js';
import { type FormError, formError, useAction } from '../../components/useAction.js';
import { useLoad } from '../../components/useLoad.js';

const loadContacts = async () =>
  (await contactsApi.list({ sort: 'lastActivity', order: 'desc', limit: 50, offset: 0 })).items;
/** Typing pauses this long before the preview renders again, so each keystroke is not a request. */
const PREVIEW_DELAY_MS = 300;

const PART_LABEL: Record<string, string> = {
  '/template/subject': 'Subject',
  '/template/html': 'HTML',
  '/template/text': 'Text',
};

/**
 * A render failure's detail repeats the message of the one problem it lists; the list says it once,
 * with the part's name, so the banner keeps only the title above it.
 */
function withoutRepeat(error: FormError): FormError {
  const only = error.problems.length === 1 ? error.problems[0] : undefined;
  if (!only) return error;
  const repeated = `: ${only.message}`;
  if (error.summary.endsWith(repeated))
    return { ...error, summary: error.summary.slice(0, -repeated.length) };
  return error.summary === only.message ? { ...error, summary: '' } : error;
}

/** The email rendered by the server for a chosen contact, as delivery would send it, and a test send. */
export function TemplatePreview({ name, source }: { name: string; source: TemplateSource }) {
  const { data: contacts } = useLoad(loadContacts);
  const [contactId, setContactId] = useState<string>('');
  const [email, setEmail] = useState<RenderedEmailView | null>(null);
  const [error, setError] = useState<FormError | null>(null);

  // The API refuses a template without a subject or a part; until then there is nothing to render.
  const ready = source.subject.trim() !== '' && ((source.html ?? '') !== '' || (source.text ?? '') !== '');

  useEffect(() => {
    if (!ready) return;
    let live = true;
    const timer = setTimeout(() => {
      emailApi
        .preview(name || 'preview', source, contactId || undefined)
        .then((rendered) => {
          if (!live) return;
          setEmail(rendered);
          setError(null);
        })
        .catch((err: unknown) => {
          if (live) setError(formError(err));
        });
    }, PREVIEW_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [name, source, contactId, ready]);

  return (
    <section className="template-preview" aria-label="Preview">
      <h2>Preview</h2>
      <label className="preview-contact">
        For contact{' '}
        <select value={contactId} onChange={(e) => setContactId(e.target.value)}>
          <option value="">A made-up contact</option>
          {(contacts ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.email ?? c.externalId ?? c.id}
            </option>
          ))}
        </select>
      </label>
      {ready && error && (
        <ErrorBanner
          error={withoutRepeat(error)}
          problem={(p) => `${PART_LABEL[p.pointer] ?? p.pointer}: ${p.message}`}
        />
      )}
      {!ready && <p className="muted">Write a subject and an HTML or text part to see the email.</p>}
      {ready && email && !error && <RenderedEmail email={email} />}
      <TestSend name={name} source={source} contactId={contactId || undefined} />
    </section>
  );
}

function TestSend(props: { name: string; source: TemplateSource; contactId: string | undefined }) {
  const [to, setTo] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const { run, busy, error } = useAction();
  const send = async () => {
    setSent(null);
    const result = await run(() =>
      emailApi.testSend(props.name || 'test', props.source, to, props.contactId),
    );
    if (result) setSent(`Test email sent to ${result.to}.`);
  };
  return (
    <form
      className="test-send"
      aria-label="Send a test email"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <label>
        Send a test to{' '}
        <input
          type="email"
          required
          value={to}
          onChange={(e) => setTo(e.target.value)}
          placeholder="you@example.com"
        />
      </label>
      <button type="submit" disabled={busy}>
        Send test
      </button>
      {sent && (
        <p className="ok" role="status">
          {sent}
        </p>
      )}
      <FormAlert error={error} />
    </form>
  );
}
