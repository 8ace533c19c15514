import type { BacktestResult } from '@scoreflow/api';
import type { ScoringModelInput } from '@scoreflow/flow';
import { useState } from 'react';
import { Link } from 'wouter';
import { scoringModelsApi } from '../../api/scoring.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Table } from '../../components/Table.js';
import { useAction } from '../../components/useAction.js';
import { BacktestFit } from './BacktestFit.js';

const band = (b: string | null) => b ?? '(none)';

/**
 * Replays recent events through the table as it is on screen (saved or not) and shows who would change
 * band; live data is untouched.
 */
export function BacktestPanel({ modelId, model }: { modelId: string; model: () => ScoringModelInput }) {
  const [days, setDays] = useState('30');
  const [result, setResult] = useState<BacktestResult | null>(null);
  const { run, busy, error } = useAction();

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    void run(async () => setResult(await scoringModelsApi.backtest(modelId, Number(days), model())));
  };

  return (
    <section className="card backtest" data-testid="backtest">
      <h2>Backtest</h2>
      <p className="muted small">
        Replays the stored events of the last days through the table as it is now (saved or not), each contact
        starting from 0, and puts the contacts’ current attributes through the fit rules, in memory: no score,
        ledger row or run is written.
      </p>
      <form className="toolbar" onSubmit={submit}>
        <label>
          Days{' '}
          <input
            type="number"
            min={1}
            max={365}
            value={days}
            onChange={(e) => setDays(e.target.value)}
            className="narrow"
          />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Running…' : 'Run backtest'}
        </button>
      </form>
      <ErrorBanner error={error} />
      {result && (
        <div data-testid="backtest-result">
          <p>
            <strong data-testid="backtest-moved">{result.moved}</strong> of {result.contacts} contacts (
            {result.events} events since {new Date(result.since).toLocaleDateString()}) would change{' '}
            {result.score} band.
          </p>
          {result.transitions.length > 0 && (
            <Table className="mini-table" columns={['From', 'To', 'Contacts']}>
              {result.transitions.map((t) => (
                <tr key={`${t.from}>${t.to}`}>
                  <td>{band(t.from)}</td>
                  <td>{band(t.to)}</td>
                  <td>{t.count}</td>
                </tr>
              ))}
            </Table>
          )}
          {result.movements.length > 0 && (
            <Table
              className="mini-table"
              testId="backtest-movements"
              columns={['Contact', 'Now', 'Under the model']}
            >
              {result.movements.map((m) => (
                <tr key={m.contactId}>
                  <td>
                    <Link href={`/contacts/${encodeURIComponent(m.contactId)}`}>
                      {m.email ?? m.contactId}
                    </Link>
                  </td>
                  <td>
                    {band(m.bandNow)} ({m.scoreNow})
                  </td>
                  <td>
                    {band(m.bandModel)} ({m.scoreModel})
                  </td>
                </tr>
              ))}
            </Table>
          )}
          {result.moved > result.movements.length && (
            <p className="muted small">The first {result.movements.length} are listed.</p>
          )}
          {result.fit && <BacktestFit fit={result.fit} />}
        </div>
      )}
    </section>
  );
}
