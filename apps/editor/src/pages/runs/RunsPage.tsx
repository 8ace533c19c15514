import { type BulkRetryResult, RUN_STATUSES, type RunQuery, type RunSort } from '@scoreflow/api';
import { ChevronLeft, ChevronRight } from 'lucide-react';
import { useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { runsApi } from '../../api/runs.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { formatTime, shortId } from '../../components/format.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { useEvery } from '../../components/useLoad.js';
import { useFlowList } from '../useFlowList.js';
import { RunFilters } from './RunFilters.js';
import { formatRunQuery, PAGE_SIZE, parseRunQuery, toggleSort } from './runQuery.js';
import { useRunsList } from './useRunsList.js';
import '../support.css';
import './runStatus.css';

const ACTIVE_POLL_MS = 2000;

/** Every run, filtered and sorted by the server, with counts per status and bulk retry of the failed ones. */
export function RunsPage() {
  const search = useSearch();
  const [, navigate] = useLocation();
  const query = parseRunQuery(search);
  const { page, error, reload } = useRunsList(query);
  // A page showing a running run (a retry in flight) is fetched again until those runs have moved on.
  useEvery(page?.items.some((r) => r.status === 'running') ? ACTIVE_POLL_MS : undefined, reload);
  const { flows } = useFlowList();
  const [confirming, setConfirming] = useState(false);
  const [bulk, setBulk] = useState<{ result?: BulkRetryResult; error?: string } | null>(null);
  const flowName = (id: string) => flows?.find((f) => f.id === id)?.name ?? id;

  const go = (q: RunQuery) => {
    const qs = formatRunQuery(q);
    navigate(qs ? `/runs?${qs}` : '/runs');
  };
  const { status: _status, ...withoutStatus } = query;
  const failedMatching = page?.counts.failed ?? 0;

  const retryAll = async () => {
    setConfirming(false);
    try {
      setBulk({ result: await runsApi.retryMatching(query) });
    } catch (e) {
      setBulk({ error: (e as Error).message });
    }
    await reload();
  };

  const sortHeader = (sort: RunSort, label: string) => {
    const active = query.sort === sort;
    return (
      <th aria-sort={active ? (query.order === 'asc' ? 'ascending' : 'descending') : 'none'}>
        <button type="button" className="link sort" onClick={() => go(toggleSort(query, sort))}>
          {label}
          {active ? (query.order === 'asc' ? ' ▲' : ' ▼') : ''}
        </button>
      </th>
    );
  };

  const total = page?.total ?? 0;
  const all = page ? Object.values(page.counts).reduce((a, b) => a + b, 0) : 0;
  return (
    <div className="page wide">
      <header className="page-header">
        <h1>Runs</h1>
        <div className="toolbar">
          <button type="button" onClick={() => void reload()}>
            Refresh
          </button>
          <button
            type="button"
            className="danger-outline"
            disabled={failedMatching === 0}
            onClick={() => setConfirming(true)}
            title="Retries every failed run that matches the filters, on every page"
          >
            Retry all failed matching
          </button>
        </div>
      </header>
      <RunFilters key={formatRunQuery(withoutStatus)} query={query} flows={flows ?? []} onApply={go} />
      <div className="status-tabs" role="tablist" aria-label="Status">
        <button
          type="button"
          role="tab"
          aria-selected={!query.status}
          data-testid="tab-all"
          onClick={() => go({ ...withoutStatus, offset: 0 })}
        >
          All <span className="count">{all}</span>
        </button>
        {RUN_STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            aria-selected={query.status === s}
            data-testid={`tab-${s}`}
            className={`tab-${s}`}
            onClick={() => go({ ...withoutStatus, status: s, offset: 0 })}
          >
            {/* Red only when there is something to look at: "failed 0" is good news. */}
            {s}{' '}
            <span className={(page?.counts[s] ?? 0) > 0 ? 'count some' : 'count'}>
              {page?.counts[s] ?? 0}
            </span>
          </button>
        ))}
      </div>
      {bulk?.result && (
        <div className="banner ok" role="status" data-testid="bulk-result">
          Retried {bulk.result.retried.length} run{bulk.result.retried.length === 1 ? '' : 's'}
          {bulk.result.failed.length > 0 && (
            <>
              ; {bulk.result.failed.length} could not be retried:
              <ul>
                {bulk.result.failed.map((f) => (
                  <li key={f.runId}>
                    <Link href={`/runs/${f.runId}`}>{shortId(f.runId)}</Link>: {f.error}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {(error || bulk?.error) && (
        <div className="banner error" role="alert">
          {error ?? bulk?.error}
        </div>
      )}
      {page === null && !error && <p className="muted">Loading runs…</p>}
      {page && page.items.length === 0 && <p className="empty-state">No runs match these filters.</p>}
      {page && page.items.length > 0 && (
        <table className="flows-table runs-table" data-testid="runs-table">
          <thead>
            <tr>
              <th>Run</th>
              <th>Flow</th>
              <th>Version</th>
              {sortHeader('status', 'Status')}
              <th>Contact</th>
              {sortHeader('startedAt', 'Started')}
              {sortHeader('endedAt', 'Ended')}
              {sortHeader('updatedAt', 'Updated')}
            </tr>
          </thead>
          <tbody>
            {page.items.map((r) => (
              <tr key={r.id} data-testid="run-row" data-run-id={r.id}>
                <td>
                  <Link href={`/runs/${r.id}`} className="mono">
                    {shortId(r.id)}
                  </Link>
                </td>
                <td>
                  <Link href={`/flows/${r.flowId}`}>{r.flowName ?? flowName(r.flowId)}</Link>
                </td>
                <td>v{r.flowVersion}</td>
                <td>
                  <StatusBadge status={r.status} />
                </td>
                <td>
                  <Link href={`/contacts/${r.contactId}`} data-testid="run-contact">
                    {r.contactEmail ?? 'Contact without email'}
                  </Link>
                  <span className="muted small mono secondary-id">{shortId(r.contactId)}</span>
                </td>
                <td>{formatTime(r.startedAt)}</td>
                <td>{formatTime(r.endedAt)}</td>
                <td>{formatTime(r.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page && total > 0 && (
        <nav className="pager" aria-label="Pages">
          <button
            type="button"
            disabled={query.offset === 0}
            onClick={() => go({ ...query, offset: Math.max(0, query.offset - PAGE_SIZE) })}
          >
            <ChevronLeft size={15} aria-hidden="true" /> Previous
          </button>
          <span data-testid="page-info">
            {query.offset + 1}–{Math.min(query.offset + PAGE_SIZE, total)} of {total}
          </span>
          <button
            type="button"
            disabled={query.offset + PAGE_SIZE >= total}
            onClick={() => go({ ...query, offset: query.offset + PAGE_SIZE })}
          >
            Next <ChevronRight size={15} aria-hidden="true" />
          </button>
        </nav>
      )}
      {confirming && (
        <ConfirmDialog
          title="Retry all failed runs?"
          message={`${failedMatching} failed run${failedMatching === 1 ? '' : 's'} match the current filters (on every page, not only this one). Each is retried from its failed step or failed delivery.`}
          confirmLabel={`Retry ${failedMatching}`}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void retryAll()}
        />
      )}
    </div>
  );
}
