import type { Generated, ScoringModelRecord } from '@scoreflow/api';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { scoringModelsApi } from '../../api/scoring.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { ACTIONS_COLUMN, Table } from '../../components/Table.js';
import { formError, useAction } from '../../components/useAction.js';
import { useLoad } from '../../components/useLoad.js';
import { ApplyFitButton } from './ApplyFitButton.js';
import { BacktestPanel } from './BacktestPanel.js';
import { type DraftUpdate, FitRulesSection } from './FitRulesSection.js';
import { GradesSection } from './GradesSection.js';
import { ModelRow } from './ModelRow.js';
import {
  describePointer,
  draftOfModel,
  emptyRow,
  type ModelDraft,
  modelInputOf,
  type RowDraft,
} from './modelDraft.js';
import { ScoresTabs } from './ScoresTabs.js';
import './scores.css';

/** Shown when no event type was loaded (none stored yet, or the list failed): the rows take typed events. */
const NO_SUGGESTIONS: never[] = [];
const NO_ERRORS: Record<string, string> = {};

/**
 * The model table: edit rows, import/export CSV, map imported assets to event types, generate the
 * scoring flow; the fit rules and grades; backtest.
 */
export function ModelEditorPage({ id }: { id: string }) {
  const [record, setRecord] = useState<ScoringModelRecord | null>(null);
  const [draft, setDraft] = useState<ModelDraft | null>(null);
  const [dirty, setDirty] = useState(false);
  const [generated, setGenerated] = useState<Generated | null>(null);
  const { run: act, busy, error, setError } = useAction();
  const fileRef = useRef<HTMLInputElement>(null);
  const suggestions = useLoad(useCallback(() => scoringModelsApi.eventSuggestions(id), [id]));

  const load = useCallback((r: ScoringModelRecord) => {
    setRecord(r);
    setDraft(draftOfModel(r.model));
    setDirty(false);
  }, []);
  useEffect(() => {
    scoringModelsApi.get(id).then(load, (e: unknown) => setError(formError(e)));
  }, [id, load, setError]);

  const edit = (patch: Partial<ModelDraft>) => {
    setDraft((d) => (d ? { ...d, ...patch } : d));
    setDirty(true);
  };
  const update = useCallback<DraftUpdate>((change) => {
    setDraft((d) => (d ? { ...d, ...change(d) } : d));
    setDirty(true);
  }, []);
  const changeRow = useCallback((index: number, patch: Partial<RowDraft>) => {
    setDraft((d) => (d ? { ...d, rows: d.rows.map((r, i) => (i === index ? { ...r, ...patch } : r)) } : d));
    setDirty(true);
  }, []);
  const removeRow = useCallback((index: number) => {
    setDraft((d) => (d ? { ...d, rows: d.rows.filter((_, i) => i !== index) } : d));
    setDirty(true);
  }, []);

  const save = async () => {
    if (!draft) return undefined;
    const saved = await act(() => scoringModelsApi.save(id, modelInputOf(draft)));
    if (saved) load(saved);
    return saved;
  };
  const generate = async () => {
    if (dirty && !(await save())) return;
    const result = await act(() => scoringModelsApi.generate(id));
    if (result) {
      setGenerated(result);
      load(result.model);
    }
  };
  const importCsv = async (file: File) => {
    const text = await file.text();
    const saved = await act(() => scoringModelsApi.importCsv(id, text));
    if (saved) load(saved);
    if (fileRef.current) fileRef.current.value = '';
  };

  if (!draft || !record) {
    return <div className="empty-page muted">{error ? error.message : 'Loading…'}</div>;
  }
  const salesReady = Number(draft.salesReadyScore) || 0;
  const unmapped = draft.rows.filter((r) => r.event.trim() === '');
  // Problems by pointer ("fitRules/0/value"), for the fit and grade inputs to show at themselves.
  const errors = error?.fields ?? NO_ERRORS;
  return (
    <div className="page wide model-page">
      <header className="page-header">
        <div>
          <div className="muted small">
            <Link href="/scores/models">Scoring models</Link> / {record.model.name}
          </div>
          <h1>{record.model.name}</h1>
        </div>
        <div className="row-actions">
          <a className="button" href={scoringModelsApi.exportUrl(id)} download>
            Export CSV
          </a>
          <button type="button" onClick={() => fileRef.current?.click()} disabled={busy}>
            Import CSV
          </button>
          <input
            ref={fileRef}
            type="file"
            accept=".csv,text/csv"
            hidden
            data-testid="import-csv"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void importCsv(file);
            }}
          />
          <button type="button" onClick={() => void save()} disabled={busy || !dirty}>
            {dirty ? 'Save' : 'Saved'}
          </button>
          <button type="button" className="primary" onClick={() => void generate()} disabled={busy}>
            Generate flow
          </button>
        </div>
      </header>
      <ScoresTabs current="models" />

      <div className="score-fields">
        <label className="score-field">
          Name
          <input value={draft.name} onChange={(e) => edit({ name: e.target.value })} />
        </label>
        <label className="score-field">
          Score
          <input value={draft.score} onChange={(e) => edit({ score: e.target.value })} />
        </label>
        <label className="score-field">
          Sales-ready score (100 % ready)
          <input
            type="number"
            step="any"
            value={draft.salesReadyScore}
            onChange={(e) => edit({ salesReadyScore: e.target.value })}
          />
        </label>
      </div>

      <ErrorBanner error={error} problem={(p) => `${describePointer(p.pointer)}: ${p.message}`} />
      {generated && (
        <div className="banner ok" data-testid="generated">
          {generated.created ? 'Flow created' : 'Flow updated'} as a draft:{' '}
          <Link href={`/flows/${generated.flow.id}`}>Open “{generated.flow.name}”</Link>. Publish and activate
          it there to score contacts live.
        </div>
      )}
      {unmapped.length > 0 && (
        <div className="banner warn" data-testid="unmapped-rows">
          {unmapped.length === 1 ? '1 asset is' : `${unmapped.length} assets are`} not mapped to an event yet:{' '}
          {unmapped.map((r) => r.asset || r.id).join(', ')}. Choose the event type each one stands for; the
          flow can be generated once every row is mapped.
        </div>
      )}
      {suggestions.error && (
        <p className="muted small">The event types seen could not be loaded: {suggestions.error}</p>
      )}
      {dirty && record.flowId && (
        <p className="muted small">Unsaved changes: save and generate again to update the flow.</p>
      )}

      <Table
        className="flows-table model-table"
        testId="model-table"
        columns={[
          'Row',
          'Asset or action',
          'Event',
          'Property filter',
          'Stage',
          'Worth',
          'Became in the flow',
          ACTIONS_COLUMN,
        ]}
      >
        {draft.rows.map((row, i) => (
          <ModelRow
            key={row.id}
            row={row}
            index={i}
            salesReadyScore={salesReady}
            nodes={record.mapping?.[row.id]}
            flowId={record.flowId}
            suggestions={suggestions.data ?? NO_SUGGESTIONS}
            onChange={changeRow}
            onRemove={removeRow}
          />
        ))}
      </Table>
      {draft.rows.length === 0 && (
        <p className="empty-state">No rows yet: add the assets and actions you score.</p>
      )}
      <button type="button" onClick={() => edit({ rows: [...draft.rows, emptyRow(draft.rows)] })}>
        Add row
      </button>

      <FitRulesSection fitScore={draft.fitScore} rules={draft.fitRules} errors={errors} update={update}>
        <ApplyFitButton modelId={id} dirty={dirty} />
      </FitRulesSection>
      <GradesSection
        grade={draft.grade}
        grading={draft.grading}
        score={draft.score}
        fitScore={draft.fitScore}
        errors={errors}
        update={update}
      />

      <BacktestPanel modelId={id} model={() => modelInputOf(draft)} />
    </div>
  );
}
