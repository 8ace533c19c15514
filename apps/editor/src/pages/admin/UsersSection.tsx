import { ROLES, type Role, type UserRecord } from '@scoreflow/api';
import { type FormEvent, useState } from 'react';
import { accessApi } from '../../api/access.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { type FormError, formError, when } from './forms.js';
import { useList } from './useList.js';

function CreateUserForm({ onCreated }: { onCreated: () => Promise<void> }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('marketer');
  const [error, setError] = useState<FormError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await accessApi.createUser({ email: email.trim(), password, role });
      setEmail('');
      setPassword('');
      setError(null);
      await onCreated();
    } catch (err) {
      setError(formError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card admin-form" aria-label="New user" onSubmit={(e) => void submit(e)}>
      <label className="admin-field">
        Email
        <input
          type="email"
          autoComplete="off"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={Boolean(error?.fields.email)}
        />
        {error?.fields.email && <span className="field-error">{error.fields.email}</span>}
      </label>
      <label className="admin-field">
        Password
        <input
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={Boolean(error?.fields.password)}
        />
        {error?.fields.password ? (
          <span className="field-error">{error.fields.password}</span>
        ) : (
          <span className="hint">12 characters at least</span>
        )}
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
      <button type="submit" className="primary" disabled={busy || !email || !password}>
        Create user
      </button>
      {error && Object.keys(error.fields).length === 0 && (
        <p className="field-error" role="alert">
          {error.message}
        </p>
      )}
    </form>
  );
}

/** Users: who they are, their role (changed in place), delete; and the form that adds one. */
export function UsersSection({ me }: { me: string | null }) {
  const { items, error, setError, reload } = useList(accessApi.listUsers);
  const [deleting, setDeleting] = useState<UserRecord | null>(null);

  const changeRole = async (user: UserRecord, role: Role) => {
    try {
      await accessApi.updateUser(user.id, { role });
      await reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section className="admin-section" aria-labelledby="users-title">
      <h2 id="users-title">Users</h2>
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      <CreateUserForm onCreated={reload} />
      {items && (
        <table className="flows-table" data-testid="users-table">
          <thead>
            <tr>
              <th>Email</th>
              <th>Role</th>
              <th>Created</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((u) => (
              <tr key={u.id} data-testid={`user-row-${u.email}`}>
                <td>
                  {u.email}
                  {u.id === me && <span className="muted small"> (you)</span>}
                </td>
                <td>
                  <select
                    aria-label={`Role of ${u.email}`}
                    value={u.role}
                    // Demoting yourself would lock you out of this page halfway through the change.
                    disabled={u.id === me}
                    onChange={(e) => void changeRole(u, e.target.value as Role)}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="small">{when(u.createdAt)}</td>
                <td className="row-actions">
                  <button
                    type="button"
                    className="danger-text"
                    disabled={u.id === me}
                    title={u.id === me ? 'You cannot delete the user you are logged in as' : undefined}
                    onClick={() => setDeleting(u)}
                  >
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
          title="Delete user?"
          message={`${deleting.email} will no longer be able to log in. This cannot be undone.`}
          confirmLabel="Delete user"
          danger
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const user = deleting;
            setDeleting(null);
            void accessApi
              .deleteUser(user.id)
              .then(reload)
              .catch((e: Error) => setError(e.message));
          }}
        />
      )}
    </section>
  );
}
