import type { LedgerEntry } from '@scoreflow/api';
import { DEFAULT_SCORE } from '@scoreflow/flow';
import { useState } from 'react';
import { scoresApi } from '../../api/scoring.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Field } from '../../components/Field.js';
import { signed } from '../../components/format.js';
import { useAction } from '../../components/useAction.js';
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
  const { run, busy, error } = useAction();

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const n = Number(amount);
      const change = mode === 'value' ? { value: n, note } : { delta: n, note };
      setEntry(await scoresApi.change(contactId, score, change));
      setAmount('');
      setNote('');
      onChanged();
    });
  };

  return (
    <section className="card" data-testid="change-score">
      <h2>Change score</h2>
      <form className="change-score" onSubmit={submit}>
        <Field
          labelClass="score-field"
          label="Score"
          list="change-score-names"
          value={score}
          onValue={setScore}
          required
        >
          <datalist id="change-score-names">
            {names.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
        </Field>
        <label className="score-field">
          Change
          <select value={mode} onChange={(e) => setMode(e.target.value as 'delta' | 'value')}>
            <option value="delta">add (or subtract)</option>
            <option value="value">set to</option>
          </select>
        </label>
        <Field
          labelClass="score-field"
          label={mode === 'value' ? 'Value' : 'Points'}
          type="number"
          step="any"
          required
          value={amount}
          onValue={setAmount}
        />
        <Field
          labelClass="score-field"
          label="Reason"
          required
          maxLength={500}
          value={note}
          onValue={setNote}
        />
        <button type="submit" className="primary" disabled={busy}>
          Apply
        </button>
      </form>
      <ErrorBanner error={error} />
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
