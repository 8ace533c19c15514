import { type FormEvent, type ReactNode, useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { type FormError, formError, when } from './forms.js';
import { SecretOnce } from './SecretOnce.js';
import { useList } from './useList.js';

interface SecretRecord {
  id: string;
  name: string;
  createdAt: number;
}

/** What differs between API tokens and write keys; the section itself is the same for both. */
export interface SecretsSectionProps<T extends SecretRecord> {
  id: string;
  title: string;
  description: ReactNode;
  /** "API token", "write key": used in labels, buttons and the confirmation. */
  noun: string;
  list: () => Promise<T[]>;
  /** Creates one named `name` and answers its secret, shown once. */
  create: (name: string) => Promise<string>;
  remove: (id: string) => Promise<unknown>;
  /** What deleting this one breaks, for the confirmation. */
  deleteWarning: (item: T) => string;
  /** More inputs of the create form (a role select), controlled by the caller. */
  extraFields?: ReactNode;
  /** More table columns between the name and the creation time. */
  columns?: { header: string; cell: (item: T) => ReactNode }[];
}

/** A list of named secrets: create one (shown once), see them, delete one after confirming. */
export function SecretsSection<T extends SecretRecord>(props: SecretsSectionProps<T>) {
  const { items, error, setError, reload } = useList(props.list);
  const [name, setName] = useState('');
  const [formErr, setFormErr] = useState<FormError | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<T | null>(null);
  const columns = props.columns ?? [];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      setSecret(await props.create(name.trim()));
      setName('');
      setFormErr(null);
      await reload();
    } catch (err) {
      setFormErr(formError(err));
    }
  };

  return (
    <section className="admin-section" aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      <p className="muted small">{props.description}</p>
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      {secret && <SecretOnce label={`New ${props.noun}`} secret={secret} onDone={() => setSecret(null)} />}
      <form className="card admin-form" aria-label={`New ${props.noun}`} onSubmit={(e) => void submit(e)}>
        <label className="admin-field">
          Name
          <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
          {formErr?.fields.name && <span className="field-error">{formErr.fields.name}</span>}
        </label>
        {props.extraFields}
        <button type="submit" className="primary" disabled={!name.trim()}>
          Create {props.noun}
        </button>
        {formErr && Object.keys(formErr.fields).length === 0 && (
          <p className="field-error" role="alert">
            {formErr.message}
          </p>
        )}
      </form>
      {items && items.length === 0 && <p className="muted">No {props.noun}s.</p>}
      {items && items.length > 0 && (
        <table className="flows-table" data-testid={`${props.id}-table`}>
          <thead>
            <tr>
              <th>Name</th>
              {columns.map((c) => (
                <th key={c.header}>{c.header}</th>
              ))}
              <th>Created</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                <td>{item.name}</td>
                {columns.map((c) => (
                  <td key={c.header}>{c.cell(item)}</td>
                ))}
                <td className="small">{when(item.createdAt)}</td>
                <td className="row-actions">
                  <button type="button" className="danger-text" onClick={() => setDeleting(item)}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${props.noun}?`}
          message={props.deleteWarning(deleting)}
          confirmLabel={`Delete ${props.noun}`}
          danger
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const item = deleting;
            setDeleting(null);
            void props
              .remove(item.id)
              .then(reload)
              .catch((e: Error) => setError(e.message));
          }}
        />
      )}
    </section>
  );
}
