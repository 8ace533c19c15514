import type { OutboxItem } from '@scoreflow/api';
import { Link } from 'wouter';
import { formatTime, jsonText, shortId } from './format.js';
import { SentEmailView } from './SentEmailView.js';
import { StatusBadge } from './StatusBadge.js';
import { Table } from './Table.js';

/** Emails, webhooks and sales notifications with their delivery state (shared with the contact page). */
export function OutboxTable({ items }: { items: OutboxItem[] }) {
  if (items.length === 0) return <p className="muted">Nothing sent.</p>;
  return (
    <Table className="mini-table" testId="outbox" columns={['Kind', 'Status', 'Attempts', 'What', 'Run']}>
      {items.map((o) => (
        <tr key={o.id} data-testid="outbox-row" data-kind={o.kind}>
          <td>{o.kind}</td>
          <td>
            <StatusBadge status={o.status} />
            {o.deliveredAt && <div className="muted small">{formatTime(o.deliveredAt)}</div>}
          </td>
          <td>{o.attempts}</td>
          <td>
            <span className="mono small">{outboxSummary(o.payload)}</span>
            {o.lastError && <div className="step-error small">{o.lastError}</div>}
            {o.kind === 'email' && o.status === 'delivered' && <SentEmailView outboxId={o.id} />}
          </td>
          <td>{o.runId ? <Link href={`/runs/${o.runId}`}>{shortId(o.runId)}</Link> : '—'}</td>
        </tr>
      ))}
    </Table>
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
