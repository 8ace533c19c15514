import type { FlowSummary } from '@scoreflow/api';
import { FlowDocument, type FlowDocumentInput } from '@scoreflow/flow';
import { ChartLine } from 'lucide-react';
import { type ChangeEvent, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import { flowsApi } from '../api/flows.js';
import { downloadJson, slugify } from '../components/download.js';
import { ErrorBanner } from '../components/ErrorBanner.js';
import { ACTIONS_COLUMN, Table } from '../components/Table.js';
import { useConfirm } from '../components/useConfirm.js';
import { FlowRow } from './FlowRow.js';
import { NewFlowDialog } from './NewFlowDialog.js';
import { TemplateGrid, TemplatePicker } from './TemplatePicker.js';
import { useFlowList } from './useFlowList.js';

/** The home page: every flow with its status, and the ways to make a new one. */
export function FlowsPage() {
  const [, navigate] = useLocation();
  const { flows, error, setError, reload } = useFlowList();
  const [picking, setPicking] = useState(false);
  const [naming, setNaming] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const run = async (what: () => Promise<void>) => {
    try {
      await what();
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const confirmDelete = useConfirm<FlowSummary>(
    (f) => ({
      title: 'Delete flow?',
      message: `“${f.name}” and its published versions will be deleted. This cannot be undone.`,
      confirmLabel: 'Delete flow',
    }),
    (f) =>
      run(async () => {
        await flowsApi.remove(f.id);
        await reload();
      }),
  );

  const createFrom = (document: FlowDocumentInput) =>
    run(async () => {
      const rec = await flowsApi.create({ document });
      navigate(`/flows/${rec.id}`);
    });

  // Errors stay in the dialog (it throws them to its own form) rather than on the page behind it.
  const createNamed = async (name: string) => {
    const rec = await flowsApi.create({ name });
    navigate(`/flows/${rec.id}`);
  };

  const rename = (f: FlowSummary, name: string) =>
    run(async () => {
      const rec = await flowsApi.get(f.id);
      await flowsApi.save(f.id, { ...rec.document, settings: { ...rec.document.settings, name } });
      await reload();
    });

  const duplicate = (f: FlowSummary) =>
    run(async () => {
      const { document } = await flowsApi.get(f.id);
      await flowsApi.create({
        document: { ...document, settings: { ...document.settings, name: `${f.name} (copy)` } },
      });
      await reload();
    });

  const exportFlow = (f: FlowSummary) =>
    run(async () => {
      const { document } = await flowsApi.get(f.id);
      downloadJson(`${slugify(f.name)}.json`, document);
    });

  const importFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    void run(async () => {
      let json: unknown;
      try {
        json = JSON.parse(await file.text());
      } catch {
        throw new Error(`${file.name} is not a JSON file.`);
      }
      const parsed = FlowDocument.safeParse(json);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        const where = first?.path.length ? ` at ${first.path.join('.')}` : '';
        throw new Error(`${file.name} is not a Scoreflow flow: ${first?.message ?? 'invalid'}${where}.`);
      }
      await flowsApi.create({ document: parsed.data });
      await reload();
    });
  };

  return (
    <div className="page">
      <header className="page-header">
        <h1>
          <ChartLine className="logo" size={22} aria-hidden="true" /> Scoreflow{' '}
          <span className="muted">· Flows</span>
        </h1>
        <div className="toolbar">
          <button type="button" className="primary" onClick={() => setNaming(true)}>
            New flow
          </button>
          <button type="button" onClick={() => setPicking(true)}>
            New from template
          </button>
          <button type="button" onClick={() => fileInput.current?.click()}>
            Import JSON
          </button>
          <input
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            hidden
            data-testid="import-input"
            onChange={importFile}
          />
        </div>
      </header>
      <ErrorBanner error={error} />
      {flows === null && !error && <p className="muted">Loading flows…</p>}
      {flows?.length === 0 && (
        <section className="empty-state flows-empty" aria-labelledby="no-flows">
          <h2 id="no-flows">Build your first flow</h2>
          <p>Start from one of these templates and adjust it, or begin on an empty canvas.</p>
          <TemplateGrid onPick={(doc) => void createFrom(doc)} />
          <button type="button" className="empty-canvas" onClick={() => setNaming(true)}>
            Start from an empty canvas
          </button>
        </section>
      )}
      {flows && flows.length > 0 && (
        <Table
          className="flows-table"
          columns={['Name', 'Status', 'Published', 'Last edited', ACTIONS_COLUMN]}
        >
          {flows.map((f) => (
            <FlowRow
              key={f.id}
              flow={f}
              onRename={(name) => void rename(f, name)}
              onDuplicate={() => void duplicate(f)}
              onExport={() => void exportFlow(f)}
              onDelete={() => confirmDelete.ask(f)}
            />
          ))}
        </Table>
      )}
      {picking && (
        <TemplatePicker
          onPick={(doc) => {
            setPicking(false);
            void createFrom(doc);
          }}
          onClose={() => setPicking(false)}
        />
      )}
      {naming && <NewFlowDialog onCreate={createNamed} onClose={() => setNaming(false)} />}
      {confirmDelete.dialog}
    </div>
  );
}
