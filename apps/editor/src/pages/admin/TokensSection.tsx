import { type FormEvent, useState } from 'react';
import { accessApi, ROLES, type Role, type TokenRecord } from '../../api/access.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { type FormError, formError, when } from './forms.js';
import { SecretOnce } from './SecretOnce.js';
import { useList } from './useList.js';

/** API tokens: Bearer secrets for scripts and integrations, each with a role. */
export function TokensSection() {
  const { items, error, setError, reload } = useList(accessApi.listTokens);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('marketer');
  const [formErr, setFormErr] = useState<FormError | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<TokenRecord | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const created = await accessApi.createToken({ name: name.trim(), role });
      setSecret(created.token);
      setName('');
      setFormErr(null);
      await reload();
    } catch (err) {
      setFormErr(formError(err));
    }
  };

  return (
    <section className="admin-section" aria-labelledby="tokens-title">
      <h2 id="tokens-title">API tokens</h2>
      <p className="muted small">Sent as “Authorization: Bearer …”; a token can do what its role can.</p>
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      {secret && <SecretOnce label="New API token" secret={secret} onDone={() => setSecret(null)} />}
      <form className="card admin-form" aria-label="New API token" onSubmit={(e) => void submit(e)}>
        <label className="admin-field">
          Name
          <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
          {formErr?.fields.name && <span className="field-error">{formErr.fields.name}</span>}
        </label>
        <label className="admin-field">
          Role
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={!name.trim()}>
          Create token
        </button>
        {formErr && Object.keys(formErr.fields).length === 0 && (
          <p className="field-error" role="alert">
            {formErr.message}
          </p>
        )}
      </form>
      {items && items.length === 0 && <p className="muted">No API tokens.</p>}
      {items && items.length > 0 && (
        <table className="flows-table" data-testid="tokens-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Role</th>
              <th>Created</th>
              <th>Last used</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>{t.role}</td>
                <td className="small">{when(t.createdAt)}</td>
                <td className="small">{when(t.lastUsedAt)}</td>
                <td className="row-actions">
                  <button type="button" className="danger-text" onClick={() => setDeleting(t)}>
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
          title="Delete API token?"
          message={`Anything using “${deleting.name}” stops working at once. This cannot be undone.`}
          confirmLabel="Delete token"
          danger
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const token = deleting;
            setDeleting(null);
            void accessApi
              .deleteToken(token.id)
              .then(reload)
              .catch((e: Error) => setError(e.message));
          }}
        />
      )}
    </section>
  );
}
