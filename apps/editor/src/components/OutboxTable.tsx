import type { OutboxItem } from '@scoreflow/api';
import { Link } from 'wouter';
import { formatTime, shortId } from './format.js';
import { JsonBlock } from './JsonBlock.js';
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
            <OutboxWhat payload={o.payload} />
            {o.kind === 'email' && (o.status === 'delivered' || o.status === 'not_sent') && (
              <SentEmailView outboxId={o.id} />
            )}
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
        {item.status === 'delivered'
          ? `Delivered after ${failures}`
          : item.status === 'not_sent'
            ? `Recorded after ${failures}`
            : `Retrying after ${failures}`}
      </summary>
      <span className="muted">Last failure: {item.lastError}</span>
    </details>
  );
}

/** What a row sends, in words; other payloads (sales notices) as readable rows with the raw JSON a click away. */
function OutboxWhat({ payload }: { payload: unknown }) {
  const p = payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : {};
  if (typeof p.template === 'string') {
    const to = typeof p.to === 'string' ? ` to ${p.to}` : '';
    return <span className="small">{`Email "${p.template}"${to}`}</span>;
  }
  if (typeof p.url === 'string') return <span className="mono small">{p.url}</span>;
  return <JsonBlock label="Payload" value={payload} />;
}
