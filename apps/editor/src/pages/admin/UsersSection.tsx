import { ROLES, type Role, type UserRecord } from '@scoreflow/api';
import { type FormEvent, useState } from 'react';
import { accessApi } from '../../api/access.js';
import { DeleteButton } from '../../components/DeleteButton.js';
import { ErrorBanner, FormAlert } from '../../components/ErrorBanner.js';
import { Field, SelectOf } from '../../components/Field.js';
import { ACTIONS_COLUMN, Table } from '../../components/Table.js';
import { useAction } from '../../components/useAction.js';
import { useConfirm } from '../../components/useConfirm.js';
import { useLoad } from '../../components/useLoad.js';
import { when } from './forms.js';
import { RoleField } from './RoleField.js';

function CreateUserForm({ onCreated }: { onCreated: () => Promise<void> }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('marketer');
  const { run, busy, error } = useAction();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await accessApi.createUser({ email: email.trim(), password, role });
      setEmail('');
      setPassword('');
      await onCreated();
    });
  };

  return (
    <form className="card admin-form" aria-label="New user" onSubmit={submit}>
      <Field
        labelClass="admin-field"
        label="Email"
        type="email"
        autoComplete="off"
        value={email}
        onValue={setEmail}
        error={error?.fields.email}
      />
      <Field
        labelClass="admin-field"
        label="Password"
        type="password"
        autoComplete="new-password"
        value={password}
        onValue={setPassword}
        error={error?.fields.password}
        hint="12 characters at least"
      />
      <RoleField value={role} onValue={setRole} />
      <button type="submit" className="primary" disabled={busy || !email || !password}>
        Create user
      </button>
      <FormAlert error={error} />
    </form>
  );
}

/** Users: who they are, their role (changed in place), delete; and the form that adds one. */
export function UsersSection({ me }: { me: string | null }) {
  const { data: users, error, reload, change } = useLoad(accessApi.listUsers);
  const confirmDelete = useConfirm<UserRecord>(
    (u) => ({
      title: 'Delete user?',
      message: `${u.email} will no longer be able to log in. This cannot be undone.`,
      confirmLabel: 'Delete user',
    }),
    (u) => change(() => accessApi.deleteUser(u.id)),
  );

  return (
    <section className="admin-section" aria-labelledby="users-title">
      <h2 id="users-title">Users</h2>
      <ErrorBanner error={error} />
      <CreateUserForm onCreated={reload} />
      {users && (
        <Table
          className="flows-table"
          testId="users-table"
          columns={['Email', 'Role', 'Created', ACTIONS_COLUMN]}
        >
          {users.map((u) => (
            <tr key={u.id} data-testid={`user-row-${u.email}`}>
              <td>
                {u.email}
                {u.id === me && <span className="muted small"> (you)</span>}
              </td>
              <td>
                <SelectOf
                  aria-label={`Role of ${u.email}`}
                  options={ROLES}
                  value={u.role}
                  // Demoting yourself would lock you out of this page halfway through the change.
                  disabled={u.id === me}
                  onValue={(role) => void change(() => accessApi.updateUser(u.id, { role }))}
                />
              </td>
              <td className="small">{when(u.createdAt)}</td>
              <td className="row-actions">
                <DeleteButton
                  disabled={u.id === me}
                  title={u.id === me ? 'You cannot delete the user you are logged in as' : undefined}
                  onClick={() => confirmDelete.ask(u)}
                />
              </td>
            </tr>
          ))}
        </Table>
      )}
      {confirmDelete.dialog}
    </section>
  );
}
