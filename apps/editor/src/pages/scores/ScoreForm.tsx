import type { ScoreRecord } from '@scoreflow/api';
import {
  ACCOUNT_AGGREGATES,
  type AccountAggregate,
  DEFAULT_BANDS,
  type DecayPolicy,
  type ScoreBand,
  type ScoreDefinitionInput,
} from '@scoreflow/flow';
import { useState } from 'react';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Field } from '../../components/Field.js';
import { ACTIONS_COLUMN, Table } from '../../components/Table.js';
import { useAction } from '../../components/useAction.js';
import { parseNames } from '../../dryrun/parse.js';

type DecayKind = 'none' | DecayPolicy['kind'];

/** Form state as text, so a half-typed number is not lost; converted on save. */
interface Draft {
  name: string;
  description: string;
  floor: string;
  cap: string;
  decayKind: DecayKind;
  days: string;
  percent: string;
  periodDays: string;
  value: string;
  events: string;
  bands: { name: string; min: string }[];
  account: AccountAggregate;
}

/** The account score select's options, read after "Account score:". */
const ACCOUNT_TEXT: Record<AccountAggregate, string> = {
  sum: 'sum of its contacts',
  max: 'highest of its contacts',
  average: 'average of its contacts',
};

const text = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));
const num = (s: string) => (s.trim() === '' ? null : Number(s));

function draftOf(score: ScoreRecord | null): Draft {
  const decay = score?.decay ?? null;
  return {
    name: score?.name ?? '',
    description: score?.description ?? '',
    floor: text(score?.floor),
    cap: text(score?.cap),
    decayKind: decay?.kind ?? 'none',
    days: decay && decay.kind !== 'percent' ? String(decay.days) : '30',
    percent: decay?.kind === 'percent' ? String(decay.percent) : '10',
    periodDays: decay?.kind === 'percent' ? String(decay.periodDays) : '30',
    value: decay?.kind === 'reset' ? String(decay.value) : '0',
    events: decay && decay.kind !== 'expire' ? decay.events.join(', ') : 'email.opened, email.clicked',
    bands: (score ? (score.bands ?? []) : DEFAULT_BANDS).map((b) => ({ name: b.name, min: text(b.min) })),
    account: score?.account ?? 'sum',
  };
}

function definitionOf(d: Draft): ScoreDefinitionInput {
  const events = parseNames(d.events);
  const decay: DecayPolicy | null =
    d.decayKind === 'expire'
      ? { kind: 'expire', days: Number(d.days) }
      : d.decayKind === 'percent'
        ? { kind: 'percent', percent: Number(d.percent), periodDays: Number(d.periodDays), events }
        : d.decayKind === 'reset'
          ? { kind: 'reset', days: Number(d.days), value: Number(d.value), events }
          : null;
  const bands: ScoreBand[] = d.bands.map((b) => ({ name: b.name.trim(), min: num(b.min) }));
  return {
    name: d.name.trim(),
    description: d.description,
    floor: num(d.floor),
    cap: num(d.cap),
    decay,
    bands: bands.length > 0 ? bands : null,
    account: d.account,
  };
}

/** Creates or edits a named score: bounds, decay policy with its fields, and the bands table. */
export function ScoreForm({
  score,
  onSave,
  onCancel,
}: {
  score: ScoreRecord | null;
  onSave: (def: ScoreDefinitionInput) => Promise<void>;
  onCancel: () => void;
}) {
  const [d, setD] = useState<Draft>(() => draftOf(score));
  const { run, busy, error } = useAction();
  const set = (patch: Partial<Draft>) => setD((prev) => ({ ...prev, ...patch }));
  const setBand = (i: number, patch: Partial<Draft['bands'][number]>) =>
    set({ bands: d.bands.map((b, j) => (j === i ? { ...b, ...patch } : b)) });

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    void run(() => onSave(definitionOf(d)));
  };

  const field = (
    label: string,
    key: keyof Draft,
    props: React.InputHTMLAttributes<HTMLInputElement> = {},
  ) => (
    <Field
      labelClass="score-field"
      label={label}
      value={d[key] as string}
      onValue={(v) => set({ [key]: v } as Partial<Draft>)}
      {...props}
    />
  );

  return (
    <form
      className="card score-form"
      onSubmit={submit}
      aria-label={score ? `Edit ${score.name}` : 'New score'}
    >
      <h2>{score ? `Edit ${score.name}` : 'New score'}</h2>
      <div className="score-fields">
        {field('Name', 'name', { required: true, readOnly: score !== null, maxLength: 100 })}
        {field('Description', 'description', { maxLength: 500 })}
        {field('Floor', 'floor', { type: 'number', step: 'any', placeholder: 'none' })}
        {field('Cap', 'cap', { type: 'number', step: 'any', placeholder: 'none' })}
        <label className="score-field">
          Account score
          <select value={d.account} onChange={(e) => set({ account: e.target.value as AccountAggregate })}>
            {ACCOUNT_AGGREGATES.map((a) => (
              <option key={a} value={a}>
                {ACCOUNT_TEXT[a]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="score-fields">
        <label className="score-field">
          Decay
          <select value={d.decayKind} onChange={(e) => set({ decayKind: e.target.value as DecayKind })}>
            <option value="none">No decay</option>
            <option value="expire">Points expire after N days</option>
            <option value="percent">Lose a percentage per period without engagement</option>
            <option value="reset">Reset after N days without engagement</option>
          </select>
        </label>
        {(d.decayKind === 'expire' || d.decayKind === 'reset') &&
          field('Days', 'days', { type: 'number', min: 1, step: 'any' })}
        {d.decayKind === 'percent' &&
          field('Percent', 'percent', { type: 'number', min: 0, max: 100, step: 'any' })}
        {d.decayKind === 'percent' &&
          field('Period (days)', 'periodDays', { type: 'number', min: 1, step: 'any' })}
        {d.decayKind === 'reset' && field('Reset to', 'value', { type: 'number', step: 'any' })}
        {(d.decayKind === 'percent' || d.decayKind === 'reset') &&
          field('Engagement events', 'events', { placeholder: 'email.opened, email.clicked' })}
      </div>
      <h3>Bands</h3>
      <Table
        className="mini-table"
        testId="bands-table"
        columns={['Band', 'From (inclusive)', ACTIONS_COLUMN]}
      >
        {d.bands.map((b, i) => (
          // Bands have no id of their own; position is their identity while editing.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <tr key={i}>
            <td>
              <input
                aria-label={`Band ${i + 1} name`}
                value={b.name}
                onChange={(e) => setBand(i, { name: e.target.value })}
              />
            </td>
            <td>
              <input
                aria-label={`Band ${i + 1} minimum`}
                type="number"
                step="any"
                placeholder={i === 0 ? 'no minimum' : ''}
                value={b.min}
                onChange={(e) => setBand(i, { min: e.target.value })}
              />
            </td>
            <td>
              <button
                type="button"
                className="link danger-text"
                onClick={() => set({ bands: d.bands.filter((_, j) => j !== i) })}
              >
                Remove
              </button>
            </td>
          </tr>
        ))}
      </Table>
      <button
        type="button"
        className="link"
        onClick={() => set({ bands: [...d.bands, { name: '', min: '' }] })}
      >
        Add band
      </button>
      <ErrorBanner
        error={error}
        problem={(p) => (
          <>
            <span className="mono">{p.pointer}</span> {p.message}
          </>
        )}
      />
      <div className="modal-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          Save score
        </button>
      </div>
    </form>
  );
}
