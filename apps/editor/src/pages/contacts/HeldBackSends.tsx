import type { HeldBackSend } from '@scoreflow/api';
import { Link } from 'wouter';
import { formatTime } from '../../components/format.js';
import { Table } from '../../components/Table.js';

/** What became of a held-back email: skipped, or postponed until a place in the cap's window frees. */
const outcome = (send: HeldBackSend) =>
  send.action === 'skipped'
    ? 'Skipped'
    : send.postponedUntil
      ? `Postponed until ${formatTime(send.postponedUntil)}`
      : 'Postponed';

/**
 * The contact's emails that frequency caps held back, newest first: which flow and step, which
 * template, what became of it and why, with the run one click away. Answers "why did they not get it?".
 */
export function HeldBackSends({ items }: { items: readonly HeldBackSend[] }) {
  return (
    <section className="card" aria-labelledby="held-back-title">
      <h2 id="held-back-title">Held back by frequency caps</h2>
      {items.length === 0 ? (
        <p className="muted" data-testid="held-back-empty">
          No email to this contact was held back by a frequency cap.
        </p>
      ) : (
        <Table
          className="mini-table"
          testId="held-back"
          columns={['When', 'Flow and step', 'Template', 'What happened', 'Run']}
        >
          {items.map((s) => (
            <tr key={`${s.runId}:${s.nodeId}:${s.at}`} data-testid="held-back-row" data-action={s.action}>
              <td className="small">{formatTime(s.at)}</td>
              <td>
                {s.flowName ?? 'Deleted flow'} v{s.flowVersion}
                <div className="muted small">{s.stepName ?? 'Send email'}</div>
              </td>
              <td>{s.template}</td>
              <td>
                <strong data-testid="held-back-outcome">{outcome(s)}</strong>
                <div className="muted small" data-testid="held-back-reason">
                  {s.reason}
                </div>
              </td>
              <td>
                <Link href={`/runs/${s.runId}`}>Open run</Link>
              </td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}
