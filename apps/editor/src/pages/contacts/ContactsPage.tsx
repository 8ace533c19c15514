import { Link } from 'wouter';
import { contactsApi } from '../../api/contacts.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { formatTime } from '../../components/format.js';
import { Table } from '../../components/Table.js';
import { useLoad } from '../../components/useLoad.js';
import { ContactSearch } from './ContactSearch.js';
import '../support.css';

const recentContacts = () => contactsApi.list(50);

/** Contact search, with the most recent contacts below for browsing. */
export function ContactsPage() {
  const { data: contacts, error } = useLoad(recentContacts);
  return (
    <div className="page wide">
      <header className="page-header">
        <h1>Contacts</h1>
      </header>
      <ContactSearch />
      <ErrorBanner error={error} />
      {contacts && contacts.length > 0 && (
        <Table
          className="flows-table"
          testId="contacts-table"
          columns={['Email', 'External id', 'Created', 'Last engaged']}
        >
          {contacts.map((c) => (
            <tr key={c.id}>
              <td>
                <Link href={`/contacts/${encodeURIComponent(c.id)}`}>{c.email ?? c.id}</Link>
              </td>
              <td>{c.externalId ?? '—'}</td>
              <td>{formatTime(c.createdAt)}</td>
              <td>{formatTime(c.lastEngagedAt)}</td>
            </tr>
          ))}
        </Table>
      )}
      {contacts?.length === 0 && (
        <p className="empty-state">No contacts yet: they appear with their first event.</p>
      )}
    </div>
  );
}
