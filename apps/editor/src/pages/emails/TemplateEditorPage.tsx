import { useCallback, useId, useMemo, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { emailApi } from '../../api/email.js';
import { ErrorBanner, FormAlert } from '../../components/ErrorBanner.js';
import { Field } from '../../components/Field.js';
import { useAction } from '../../components/useAction.js';
import { useLoad } from '../../components/useLoad.js';
import { TemplatePreview } from './TemplatePreview.js';
import { VariablePicker } from './VariablePicker.js';
import './emails.css';

type Part = 'subject' | 'html' | 'text';

const NEW_TEMPLATE = {
  subject: '',
  html: '',
  text: 'Hi,\n\n\n\nUnsubscribe: {{ unsubscribe_url }}',
};

/** One template: its subject, HTML and text in Liquid, the variables to insert, a live preview. */
export function TemplateEditorPage({ name }: { name?: string }) {
  const isNew = name === undefined;
  const load = useCallback(() => (name === undefined ? Promise.resolve(null) : emailApi.get(name)), [name]);
  const { data: stored, error: loadError } = useLoad(load);
  const { data: catalog } = useLoad(emailApi.catalog);
  if (!isNew && !stored) {
    return (
      <div className="page wide">
        <ErrorBanner error={loadError} />
        {!loadError && <p className="muted">Loading…</p>}
      </div>
    );
  }
  return <TemplateForm key={name ?? 'new'} name={name} initial={stored ?? NEW_TEMPLATE} catalog={catalog} />;
}

function TemplateForm(props: {
  name: string | undefined;
  initial: { subject: string; html: string; text: string };
  catalog: Parameters<typeof VariablePicker>[0]['catalog'];
}) {
  const [, navigate] = useLocation();
  const [name, setName] = useState(props.name ?? '');
  const [parts, setParts] = useState(props.initial);
  const [saved, setSaved] = useState(false);
  const { run, busy, error } = useAction();
  const refs = {
    subject: useRef<HTMLInputElement>(null),
    html: useRef<HTMLTextAreaElement>(null),
    text: useRef<HTMLTextAreaElement>(null),
  };
  const lastPart = useRef<Part>('text');
  const idBase = useId();
  const source = useMemo(() => ({ ...parts }), [parts]);

  const edit = (part: Part, value: string) => {
    setSaved(false);
    setParts((p) => ({ ...p, [part]: value }));
  };

  const insert = (variable: string) => {
    const part = lastPart.current;
    const el = refs[part].current;
    const current = parts[part];
    const at = el?.selectionStart ?? current.length;
    const end = el?.selectionEnd ?? at;
    const snippet = `{{ ${variable} }}`;
    edit(part, current.slice(0, at) + snippet + current.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + snippet.length, at + snippet.length);
    });
  };

  const save = async () => {
    const target = name.trim();
    const result = await run(() => emailApi.save(target, parts));
    if (!result) return;
    setSaved(true);
    if (props.name !== target) navigate(`/emails/${encodeURIComponent(target)}`, { replace: true });
  };

  const fieldError = (part: Part) => error?.fields[part];
  return (
    <div className="page wide template-page">
      <header className="page-header">
        <h1>{props.name ?? 'New email'}</h1>
        <Link href="/emails">All emails</Link>
      </header>
      <div className="template-layout">
        <form
          className="template-form"
          aria-label="Email template"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          {props.name === undefined && (
            <Field
              label="Name"
              value={name}
              required
              onValue={setName}
              hint="What Send email steps name it by, e.g. talk-to-sales"
            />
          )}
          <label>
            Subject
            <input
              ref={refs.subject}
              value={parts.subject}
              required
              aria-invalid={Boolean(fieldError('subject'))}
              onFocus={() => {
                lastPart.current = 'subject';
              }}
              onChange={(e) => edit('subject', e.target.value)}
            />
            {fieldError('subject') && <span className="field-error">{fieldError('subject')}</span>}
          </label>
          {(['html', 'text'] as const).map((part) => (
            // A label beside its textarea, not around it: wrapped, the text typed would join its name.
            <div key={part} className="template-part">
              <label htmlFor={`${idBase}-${part}`}>{part === 'html' ? 'HTML' : 'Text'}</label>
              <textarea
                id={`${idBase}-${part}`}
                ref={refs[part]}
                rows={part === 'html' ? 10 : 8}
                className="mono"
                value={parts[part]}
                aria-invalid={Boolean(fieldError(part))}
                onFocus={() => {
                  lastPart.current = part;
                }}
                onChange={(e) => edit(part, e.target.value)}
              />
              {fieldError(part) && <span className="field-error">{fieldError(part)}</span>}
            </div>
          ))}
          <p className="hint">
            Liquid: <code>{'{{ contact.email }}'}</code>,{' '}
            <code>{'{% if contact.attributes.firstName %}…{% endif %}'}</code>. A variable a contact lacks
            stops the email for that contact, unless it is guarded by an if.
          </p>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy || name.trim() === ''}>
              Save
            </button>
            {saved && (
              <span className="ok" role="status">
                Saved
              </span>
            )}
          </div>
          <FormAlert error={error} />
        </form>
        <VariablePicker catalog={props.catalog} onInsert={insert} />
      </div>
      <TemplatePreview name={name.trim()} source={source} />
    </div>
  );
}
