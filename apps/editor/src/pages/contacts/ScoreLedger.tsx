import type { FlowSummary, LedgerEntry } from '@scoreflow/api';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'wouter';
import { contactsApi } from '../../api/contacts.js';
import { formatTime, shortId, signed } from '../../components/format.js';
import { Table } from '../../components/Table.js';

const PAGE = 50;

/** The event an automatic change came after, when the ledger row keeps it. */
function AfterEvent({ row }: { row: LedgerEntry }) {
  if (!row.eventId) return null;
  return (
    <span className="muted small">
      {' '}
      · after{' '}
      <span className="mono" data-testid="ledger-event" title={`Event ${row.eventId}`}>
        {row.eventType ?? 'an event no longer kept'}
      </span>
    </span>
  );
}

/** The cause of one score change in words, linked to the flow version, run and event behind it. */
function Cause({ row, flows }: { row: LedgerEntry; flows: FlowSummary[] }) {
  const flowName = row.flowId
    ? (row.flowName ?? flows.find((f) => f.id === row.flowId)?.name ?? 'a deleted flow')
    : null;
  const flowLink = row.flowId && (
    <Link href={`/flows/${row.flowId}${row.flowVersion ? `/versions/${row.flowVersion}` : ''}`}>
      {flowName}
      {row.flowVersion ? ` v${row.flowVersion}` : ''}
    </Link>
  );
  switch (row.causeKind) {
    case 'flow':
    case 'exit':
      return (
        <span>
          {row.causeKind === 'exit' ? 'Exit of ' : 'Flow '}
          {flowLink}
          {row.nodeId && (
            <>
              , step <span data-testid="ledger-node">{row.nodeLabel ?? 'no longer in the flow'}</span>
            </>
          )}
          <AfterEvent row={row} />
          {row.runId && (
            <>
              {' '}
              · <Link href={`/runs/${row.runId}`}>run {shortId(row.runId)}</Link>
            </>
          )}
        </span>
      );
    case 'fit':
      // The note names the rule and its model ("Fit rule \"jobTitle contains …\" of Lead model").
      return (
        <span data-testid="ledger-fit-rule">
          {row.note?.startsWith('Fit rule') ? row.note : `Fit rule${row.note ? `: ${row.note}` : ''}`}
          <AfterEvent row={row} />
        </span>
      );
    case 'decay':
      return <span>Decay{row.note ? `: ${row.note}` : ''}</span>;
    case 'merge':
      return (
        <span>
          Merge{row.actor ? ` by ${row.actor}` : ''}
          {row.note ? `: ${row.note}` : ''}
        </span>
      );
    default:
      return (
        <span>
          Manual change{row.actor ? ` by ${row.actor}` : ''}
          {row.note ? `: ${row.note}` : ''}
        </span>
      );
  }
}

/** One score: its current value and every change that led there, newest first, paged back on demand. */
export function ScoreLedger({
  contactId,
  score,
  value,
  flows,
}: {
  contactId: string;
  score: string;
  value: number;
  flows: FlowSummary[];
}) {
  const [rows, setRows] = useState<LedgerEntry[]>([]);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    async (beforeId?: number) => {
      try {
        const page = await contactsApi.ledger(contactId, {
          score,
          limit: PAGE,
          ...(beforeId === undefined ? {} : { beforeId }),
        });
        setRows((r) => (beforeId === undefined ? page : [...r, ...page]));
        setMore(page.length === PAGE);
      } catch (e) {
        setError((e as Error).message);
      }
    },
    [contactId, score],
  );
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section className="card score" data-testid={`score-${score}`}>
      <h3>
        {score} <span className="score-value">{value}</span>
      </h3>
      {error && <p role="alert">{error}</p>}
      <Table className="mini-table ledger" testId="ledger" columns={['When', 'Change', 'New value', 'Why']}>
        {rows.map((r) => (
          <tr key={r.id} data-testid="ledger-row" data-cause={r.causeKind}>
            <td className="small">{formatTime(r.createdAt)}</td>
            <td className={r.delta < 0 ? 'neg' : 'pos'}>{signed(r.delta)}</td>
            <td>{r.value}</td>
            <td>
              <Cause row={r} flows={flows} />
              {r.mergedFrom && (
                <span className="muted small" data-testid="merged-from">
                  {' '}
                  · from merged contact <span className="mono">{shortId(r.mergedFrom)}</span>
                </span>
              )}
            </td>
          </tr>
        ))}
      </Table>
      {rows.length === 0 && !error && <p className="muted small">No recorded changes.</p>}
      {more && (
        <button type="button" className="link" onClick={() => void load(rows.at(-1)?.id)}>
          Older changes
        </button>
      )}
    </section>
  );
}
