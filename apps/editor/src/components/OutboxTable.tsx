import type { OutboxItem } from '@scoreflow/api';
import { Link } from 'wouter';
import { formatTime, jsonText, shortId } from './format.js';
import { SentEmailView } from './SentEmailView.js';
import { StatusBadge } from './StatusBadge.js';
import { Table } from './Table.js';

type Props = {
  items: OutboxItem[];
  /** The name of the step that wrote a row ("Tell the CRM (Webhook)"), when the page knows the flow. */
  names?: (nodeId: string) => string;
};

/**
 * Emails, webhooks and sales notifications with their delivery state (shared with the contact page).
 * The status column is the current state; failed attempts before it are history, folded under it.
 */
export function OutboxTable({ items, names }: Props) {
  if (items.length === 0) return <p className="muted">Nothing sent.</p>;
  return (
    <Table className="mini-table" testId="outbox" columns={['Kind', 'Status', 'What', 'Run']}>
      {items.map((o) => (
        <tr key={o.id} data-testid="outbox-row" data-kind={o.kind}>
          <td>
            {o.kind}
            {names && o.nodeId && <div className="muted small">{names(o.nodeId)}</div>}
          </td>
          <td>
            <StatusBadge status={o.status} />
            {o.deliveredAt && <div className="muted small">{formatTime(o.deliveredAt)}</div>}
            <AttemptHistory item={o} />
          </td>
          <td>
            <span className="mono small">{outboxSummary(o.payload)}</span>
            {o.kind === 'email' && o.status === 'delivered' && <SentEmailView outboxId={o.id} />}
          </td>
          <td>{o.runId ? <Link href={`/runs/${o.runId}`}>{shortId(o.runId)}</Link> : '—'}</td>
        </tr>
      ))}
    </Table>
  );
}

/**
 * Why a row is not delivered, or how it got there: a failed row shows its error as the current
 * reason; a delivered or pending one keeps its earlier failures as muted history.
 */
function AttemptHistory({ item }: { item: OutboxItem }) {
  if (!item.lastError) return null;
  if (item.status === 'failed')
    return (
      <div className="step-error small" data-testid="outbox-error">
        {item.lastError}
      </div>
    );
  const failures = `${item.attempts} failed attempt${item.attempts === 1 ? '' : 's'}`;
  return (
    <details className="attempt-history small" data-testid="outbox-history">
      <summary>
        {item.status === 'delivered' ? `Delivered after ${failures}` : `Retrying after ${failures}`}
      </summary>
      <span className="muted">Last failure: {item.lastError}</span>
    </details>
  );
}

function outboxSummary(payload: unknown): string {
  if (payload && typeof payload === 'object') {
    const p = payload as Record<string, unknown>;
    if (typeof p.template === 'string') return `template ${p.template}`;
    if (typeof p.url === 'string') return p.url;
  }
  return jsonText(payload).slice(0, 120);
}
