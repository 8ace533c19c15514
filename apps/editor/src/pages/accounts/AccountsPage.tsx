import { useCallback } from 'react';
import { useLocation, useSearch } from 'wouter';
import { accountsApi } from '../../api/accounts.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { useLoad } from '../../components/useLoad.js';
import { AccountFilters } from './AccountFilters.js';
import { AccountsEmpty } from './AccountsEmpty.js';
import { AccountsTable } from './AccountsTable.js';
import {
  ACCOUNTS_PAGE_SIZE,
  type AccountListQuery,
  formatAccountQuery,
  parseAccountQuery,
} from './accountQuery.js';
import '../support.css';
import './accounts.css';

/** Accounts (contacts grouped by company) under one score, highest first, searched and paged by the server. */
export function AccountsPage() {
  const search = useSearch();
  const [, navigate] = useLocation();
  const query = parseAccountQuery(search);
  const { score, q, offset } = query;
  const load = useCallback(
    () => accountsApi.list({ score, q: q || undefined, offset, limit: ACCOUNTS_PAGE_SIZE }),
    [score, q, offset],
  );
  const { data, error } = useLoad(load);
  const go = (next: AccountListQuery) => {
    const qs = formatAccountQuery(next);
    navigate(qs ? `/accounts?${qs}` : '/accounts');
  };
  const total = data?.total ?? 0;
  const shown = data?.items.length ?? 0;
  return (
    <div className="page wide">
      <header className="page-header">
        <h1>Accounts</h1>
      </header>
      {/* Keyed by the search in the address, so going back in history shows that search in the box. */}
      <AccountFilters key={q} query={query} onApply={go} />
      <ErrorBanner error={error} />
      {data && shown > 0 && (
        <>
          <AccountsTable list={data} />
          <div className="pager">
            <span className="muted small" data-testid="accounts-range">
              {offset + 1}–{offset + shown} of {total}
            </span>
            <button
              type="button"
              disabled={offset === 0}
              onClick={() => go({ ...query, offset: Math.max(0, offset - ACCOUNTS_PAGE_SIZE) })}
            >
              Previous
            </button>
            <button
              type="button"
              disabled={offset + shown >= total}
              onClick={() => go({ ...query, offset: offset + ACCOUNTS_PAGE_SIZE })}
            >
              Next
            </button>
          </div>
        </>
      )}
      {data && total === 0 && !q && <AccountsEmpty />}
      {data && total === 0 && q && (
        <p className="empty-state" data-testid="accounts-none-match">
          No account’s name or domain contains “{q}”.{' '}
          <button type="button" className="link" onClick={() => go({ ...query, q: '', offset: 0 })}>
            Show every account
          </button>
        </p>
      )}
      {data && total > 0 && shown === 0 && (
        <p className="empty-state">
          No accounts on this page.{' '}
          <button type="button" className="link" onClick={() => go({ ...query, offset: 0 })}>
            Back to the first page
          </button>
        </p>
      )}
    </div>
  );
}
