import type { LedgerEntry } from '@scoreflow/api';
import { DEFAULT_SCORE } from '@scoreflow/flow';
import { useState } from 'react';
import { scoresApi } from '../../api/scoring.js';
import { signed } from '../../components/format.js';
import '../scores/scores.css';

/**
 * A person changing a score by hand: set a value or add a delta, with the reason the ledger keeps. Flows
 * triggered by the change run on the server, so the page reloads after it.
 */
export function ChangeScoreForm({
  contactId,
  scores,
  onChanged,
}: {
  contactId: string;
  scores: string[];
  onChanged: () => void;
}) {
  const names = scores.length > 0 ? scores : [DEFAULT_SCORE];
  const [score, setScore] = useState(names.includes(DEFAULT_SCORE) ? DEFAULT_SCORE : (names[0] as string));
  const [mode, setMode] = useState<'delta' | 'value'>('delta');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [entry, setEntry] = useState<LedgerEntry | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const n = Number(amount);
      const row = await scoresApi.change(
        contactId,
        score,
        mode === 'value' ? { value: n, note } : { delta: n, note },
      );
      setEntry(row);
      setError(null);
      setAmount('');
      setNote('');
      onChanged();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" data-testid="change-score">
      <h2>Change score</h2>
      <form className="change-score" onSubmit={submit}>
        <label className="score-field">
          Score
          <input
            list="change-score-names"
            value={score}
            onChange={(e) => setScore(e.target.value)}
            required
          />
          <datalist id="change-score-names">
            {names.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
        </label>
        <label className="score-field">
          Change
          <select value={mode} onChange={(e) => setMode(e.target.value as 'delta' | 'value')}>
            <option value="delta">add (or subtract)</option>
            <option value="value">set to</option>
          </select>
        </label>
        <label className="score-field">
          {mode === 'value' ? 'Value' : 'Points'}
          <input
            type="number"
            step="any"
            required
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
        </label>
        <label className="score-field">
          Reason
          <input required maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          Apply
        </button>
      </form>
      {error && (
        <p className="banner error" role="alert">
          {error}
        </p>
      )}
      {entry && (
        <p className="banner ok" data-testid="change-score-result">
          Recorded: {entry.score} {signed(entry.delta)} → {entry.value}
          {entry.actor ? `, by ${entry.actor}` : ''}
          {entry.note ? ` (${entry.note})` : ''}
        </p>
      )}
    </section>
  );
}
