import { type FormEvent, useState } from 'react';
import { accessApi, type WriteKeyRecord } from '../../api/access.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { type FormError, formError, when } from './forms.js';
import { SecretOnce } from './SecretOnce.js';
import { useList } from './useList.js';

/** Write keys: ingest-only secrets for websites and tools that send events, and nothing else. */
export function WriteKeysSection() {
  const { items, error, setError, reload } = useList(accessApi.listWriteKeys);
  const [name, setName] = useState('');
  const [formErr, setFormErr] = useState<FormError | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<WriteKeyRecord | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const created = await accessApi.createWriteKey({ name: name.trim() });
      setSecret(created.key);
      setName('');
      setFormErr(null);
      await reload();
    } catch (err) {
      setFormErr(formError(err));
    }
  };

  return (
    <section className="admin-section" aria-labelledby="write-keys-title">
      <h2 id="write-keys-title">Write keys</h2>
      <p className="muted small">
        For sending events (POST /api/events, Segment’s /v1/*); they can do nothing else.
      </p>
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      {secret && <SecretOnce label="New write key" secret={secret} onDone={() => setSecret(null)} />}
      <form className="card admin-form" aria-label="New write key" onSubmit={(e) => void submit(e)}>
        <label className="admin-field">
          Name
          <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
          {formErr?.fields.name && <span className="field-error">{formErr.fields.name}</span>}
        </label>
        <button type="submit" className="primary" disabled={!name.trim()}>
          Create write key
        </button>
        {formErr && Object.keys(formErr.fields).length === 0 && (
          <p className="field-error" role="alert">
            {formErr.message}
          </p>
        )}
      </form>
      {items && items.length === 0 && <p className="muted">No write keys.</p>}
      {items && items.length > 0 && (
        <table className="flows-table" data-testid="write-keys-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Created</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td className="small">{when(k.createdAt)}</td>
                <td className="row-actions">
                  <button type="button" className="danger-text" onClick={() => setDeleting(k)}>
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
          title="Delete write key?"
          message={`Events sent with “${deleting.name}” are refused from now on. This cannot be undone.`}
          confirmLabel="Delete write key"
          danger
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const key = deleting;
            setDeleting(null);
            void accessApi
              .deleteWriteKey(key.id)
              .then(reload)
              .catch((e: Error) => setError(e.message));
          }}
        />
      )}
    </section>
  );
}
