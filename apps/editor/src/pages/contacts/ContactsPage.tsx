import type { ContactSort } from '@scoreflow/api';
import { useCallback } from 'react';
import { useLocation, useSearch } from 'wouter';
import { contactsApi } from '../../api/contacts.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { useLoad } from '../../components/useLoad.js';
import { ContactSearch } from './ContactSearch.js';
import { ContactsEmpty } from './ContactsEmpty.js';
import { ContactsTable } from './ContactsTable.js';
import {
  CONTACTS_PAGE_SIZE,
  type ContactListQuery,
  formatContactQuery,
  parseContactQuery,
  toggleContactSort,
} from './contactQuery.js';
import '../support.css';

/** Contact search, with every contact below, sorted and paged by the server. */
export function ContactsPage() {
  const search = useSearch();
  const [, navigate] = useLocation();
  const query = parseContactQuery(search);
  const { sort, order, offset } = query;
  const load = useCallback(
    () => contactsApi.list({ sort, order, offset, limit: CONTACTS_PAGE_SIZE }),
    [sort, order, offset],
  );
  const { data, error } = useLoad(load);
  const go = (q: ContactListQuery) => {
    const qs = formatContactQuery(q);
    navigate(qs ? `/contacts?${qs}` : '/contacts');
  };
  const total = data?.total ?? 0;
  const shown = data?.items.length ?? 0;
  return (
    <div className="page wide">
      <header className="page-header">
        <h1>Contacts</h1>
      </header>
      <ContactSearch />
      <ErrorBanner error={error} />
      {data && shown > 0 && (
        <>
          <ContactsTable
            items={data.items}
            query={query}
            onSort={(s: ContactSort) => go(toggleContactSort(query, s))}
          />
          <div className="pager">
            <span className="muted small" data-testid="contacts-range">
              {offset + 1}–{offset + shown} of {total}
            </span>
            <button
              type="button"
              disabled={offset === 0}
              onClick={() => go({ ...query, offset: Math.max(0, offset - CONTACTS_PAGE_SIZE) })}
            >
              Previous
            </button>
            <button
              type="button"
              disabled={offset + shown >= total}
              onClick={() => go({ ...query, offset: offset + CONTACTS_PAGE_SIZE })}
            >
              Next
            </button>
          </div>
        </>
      )}
      {data && total === 0 && <ContactsEmpty />}
      {data && total > 0 && shown === 0 && (
        <p className="empty-state">
          No contacts on this page.{' '}
          <button type="button" className="link" onClick={() => go({ ...query, offset: 0 })}>
            Back to the first page
          </button>
        </p>
      )}
    </div>
  );
}
