import type { ContactSummary } from '@scoreflow/api';
import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { contactsApi } from '../../api/contacts.js';
import { formatTime } from '../../components/format.js';
import { ContactSearch } from './ContactSearch.js';
import '../support.css';

/** Contact search, with the most recent contacts below for browsing. */
export function ContactsPage() {
  const [contacts, setContacts] = useState<ContactSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    contactsApi
      .list(50)
      .then(setContacts)
      .catch((e: Error) => setError(e.message));
  }, []);
  return (
    <div className="page wide">
      <header className="page-header">
        <h1>Contacts</h1>
      </header>
      <ContactSearch />
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      {contacts && contacts.length > 0 && (
        <table className="flows-table" data-testid="contacts-table">
          <thead>
            <tr>
              <th>Email</th>
              <th>External id</th>
              <th>Created</th>
              <th>Last engaged</th>
            </tr>
          </thead>
          <tbody>
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
          </tbody>
        </table>
      )}
      {contacts?.length === 0 && (
        <p className="empty-state">No contacts yet: they appear with their first event.</p>
      )}
    </div>
  );
}
