import { useCallback } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { accountsApi } from '../../api/accounts.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { formatCount } from '../../components/format.js';
import { LoadFailed, Loading } from '../../components/LoadFailed.js';
import { useLoad } from '../../components/useLoad.js';
import { accountHref, parseAccountQuery } from './accountQuery.js';
import { formatPoints, howComputed } from './accountScore.js';
import { MembersTable } from './MembersTable.js';
import { ScoreSelect } from './ScoreSelect.js';
import '../support.css';
import './accounts.css';

/** One account under a chosen score: its score, how it comes from its contacts, and each contact's part. */
export function AccountPage({ accountKey }: { accountKey: string }) {
  const { score } = parseAccountQuery(useSearch());
  const [, navigate] = useLocation();
  const load = useCallback(() => accountsApi.get(accountKey, score), [accountKey, score]);
  const { data: account, error } = useLoad(load);
  if (error && !account) {
    return (
      <LoadFailed
        title="This account could not be shown"
        error={error}
        back={['/accounts', 'Back to accounts']}
      />
    );
  }
  if (!account) return <Loading />;
  return (
    <div className="page wide account-page">
      <header className="page-header">
        <div>
          <nav className="muted small" aria-label="Breadcrumb" data-testid="breadcrumb">
            <Link href="/accounts">Accounts</Link> / {account.name}
          </nav>
          <h1 data-testid="account-title">{account.name}</h1>
          <div className="muted small">
            {account.contacts === 1 ? '1 contact' : `${formatCount(account.contacts)} contacts`}
          </div>
        </div>
        <div className="account-filters">
          <ScoreSelect value={score} onChange={(s) => navigate(accountHref(accountKey, s))} />
        </div>
      </header>
      <ErrorBanner error={error} />
      <p className="account-total" data-testid="account-total">
        <span className="account-total-value">
          {account.scoreName} <strong>{formatPoints(account.score)}</strong>
        </span>
        <span className="muted" data-testid="account-how">
          {howComputed(account.aggregate, account.contacts, account.scoreName)}
        </span>
      </p>
      <MembersTable account={account} />
    </div>
  );
}
