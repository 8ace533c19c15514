import type { FrequencyCaps } from '@scoreflow/flow';
import { type FormEvent, useId, useState } from 'react';
import { settingsApi } from '../../api/settings.js';
import { useAction } from '../../components/useAction.js';
import { CapRuleRow } from './CapRuleRow.js';
import { type CapRow, capsOf, newRow, rowsOf } from './capRows.js';

/** The most rules the server keeps (FrequencyCaps). */
const MAX_RULES = 20;

type Props = { stored: FrequencyCaps; editable: boolean };

/** The rules as editable rows: add, remove, and save them all at once; read-only without `editable`. */
export function CapRulesForm({ stored, editable }: Props) {
  const [rows, setRows] = useState<CapRow[]>(() => rowsOf(stored));
  const [saved, setSaved] = useState(false);
  const { run, busy, error, setError } = useAction();
  const titleId = useId();

  const edit = (next: CapRow[]) => {
    setRows(next);
    setSaved(false);
  };
  const remove = (key: number) => {
    // The errors point at rows by position: once one goes, they would point at the wrong rows.
    setError(null);
    edit(rows.filter((r) => r.key !== key));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const caps = await settingsApi.putFrequencyCaps(capsOf(rows));
      setRows(rowsOf(caps));
      setSaved(true);
    });
  };

  const fieldErrors = error?.fields ?? {};
  const atFields = new Set(
    rows.flatMap((_, i) => ['max', 'windowHours', 'category'].map((f) => `rules/${i}/${f}`)),
  );
  // Problems no field shows (too many rules, a body the server could not read) go in the banner.
  const elsewhere = error?.problems.filter((p) => !atFields.has(p.pointer.replace(/^\//, ''))) ?? [];
  const atAnyField = (error?.problems.length ?? 0) > elsewhere.length;

  return (
    // Validation is the server's, so every problem shows at its field in the same words as the API's.
    <form className="card caps-form" aria-labelledby={titleId} onSubmit={submit} noValidate>
      <h2 id={titleId}>Rules</h2>
      {rows.length === 0 ? (
        <p className="muted" data-testid="caps-empty">
          No caps: emails are not limited.
        </p>
      ) : (
        <ol className="cap-rules">
          {rows.map((row, i) => (
            <CapRuleRow
              key={row.key}
              index={i}
              row={row}
              disabled={!editable}
              errors={fieldErrors}
              onChange={(next) => edit(rows.map((r) => (r.key === row.key ? next : r)))}
              onRemove={() => remove(row.key)}
            />
          ))}
        </ol>
      )}
      {editable && (
        <div className="caps-actions">
          <button
            type="button"
            disabled={rows.length >= MAX_RULES}
            title={rows.length >= MAX_RULES ? `${MAX_RULES} rules at most` : undefined}
            onClick={() => edit([...rows, newRow()])}
          >
            + Add rule
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save'}
          </button>
          {saved && (
            <span className="flash ok" role="status">
              Saved. The caps apply to every email sent from now on.
            </span>
          )}
        </div>
      )}
      {error && (
        <div className="banner error" role="alert" data-testid="caps-error">
          {atAnyField ? 'Not saved: fix the marked fields.' : error.summary}
          {elsewhere.length > 0 && (
            <ul>
              {elsewhere.map((p) => (
                <li key={`${p.pointer}:${p.message}`}>{p.message}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}
