import { Link, useLocation } from 'wouter';
import { emailApi } from '../../api/email.js';
import { DeleteButton } from '../../components/DeleteButton.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { formatTime } from '../../components/format.js';
import { ACTIONS_COLUMN, Table } from '../../components/Table.js';
import { useConfirm } from '../../components/useConfirm.js';
import { useLoad } from '../../components/useLoad.js';
import './emails.css';

/** Email templates: the ones Send email steps can name; create, edit, delete. */
export function EmailsPage() {
  const { data: templates, error, change } = useLoad(emailApi.list);
  const [, navigate] = useLocation();
  const confirmDelete = useConfirm<string>(
    (name) => ({
      title: `Delete the email ${name}?`,
      message: 'Flows whose Send email step names it can no longer be published, and their emails fail.',
      confirmLabel: 'Delete email',
    }),
    (name) => change(() => emailApi.remove(name)),
  );
  return (
    <div className="page wide">
      <header className="page-header">
        <h1>Emails</h1>
        <button type="button" className="primary" onClick={() => navigate('/emails/new')}>
          New email
        </button>
      </header>
      <ErrorBanner error={error} />
      {templates && templates.length === 0 && (
        <p className="muted">No email templates yet. Create one for your flows’ Send email steps to send.</p>
      )}
      {templates && templates.length > 0 && (
        <Table
          className="flows-table"
          testId="templates-table"
          columns={['Email', 'Subject', 'Changed', ACTIONS_COLUMN]}
        >
          {templates.map((t) => (
            <tr key={t.name} data-testid={`template-row-${t.name}`}>
              <td>
                <Link href={`/emails/${encodeURIComponent(t.name)}`}>
                  <strong>{t.name}</strong>
                </Link>
              </td>
              <td className="mono small">{t.subject}</td>
              <td className="small">{formatTime(t.updatedAt)}</td>
              <td className="row-actions">
                <button type="button" onClick={() => navigate(`/emails/${encodeURIComponent(t.name)}`)}>
                  Edit
                </button>
                <DeleteButton aria-label={`Delete ${t.name}`} onClick={() => confirmDelete.ask(t.name)} />
              </td>
            </tr>
          ))}
        </Table>
      )}
      {confirmDelete.dialog}
    </div>
  );
}
