import type { FlowSummary } from '@scoreflow/api';
import { useReactFlow } from '@xyflow/react';
import { ArrowLeft, Redo2, Undo2 } from 'lucide-react';
import { useCallback, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useShallow } from 'zustand/react/shallow';
import { AddNoteButton } from '../canvas/AddNoteButton.js';
import { NodeBadgesContext } from '../canvas/badges.js';
import { BranchResultsContext } from '../canvas/branchResults.js';
import { Canvas } from '../canvas/Canvas.js';
import { FIT_VIEW_MAX_ZOOM } from '../canvas/FlowCanvas.js';
import { AB_TEST } from '../canvas/outputs.js';
import { Palette } from '../canvas/Palette.js';
import { ShortcutHelp } from '../canvas/ShortcutHelp.js';
import { useEditorShortcuts } from '../canvas/useEditorShortcuts.js';
import { useFlowStats } from '../canvas/useFlowStats.js';
import { useLiveReport } from '../canvas/useLiveReport.js';
import { ConfigPanel } from '../panels/ConfigPanel.js';
import { DryRunPanel } from '../panels/DryRunPanel.js';
import { NameSuggestions } from '../panels/NameSuggestions.js';
import { ProblemsPanel } from '../panels/ProblemsPanel.js';
import { SettingsPanel } from '../panels/SettingsPanel.js';
import { VersionsPanel } from '../panels/VersionsPanel.js';
import { useEditor } from '../store/context.js';
import type { EditorStore } from '../store/editorStore.js';
import { LifecycleBar } from './LifecycleBar.js';
import { useSaving } from './useSaving.js';

type Props = { store: EditorStore; meta: FlowSummary; onMeta(m: FlowSummary): void; version?: number };

/** Layout of the editor: toolbar on top, palette left, canvas centre, panels right. */
export function EditorWorkspace({ store, meta, onMeta, version }: Props) {
  const readOnly = version !== undefined;
  const { saveState, save } = useSaving(store, meta.id, !readOnly);
  const [help, setHelp] = useState(false);
  const [versionsKey, setVersionsKey] = useState(0);
  const [draftUnchanged, setDraftUnchanged] = useState<boolean | undefined>(undefined);
  const { screenToFlowPosition, fitView } = useReactFlow();
  const selectedId = useEditor((s) => {
    let found: string | null = null;
    for (const n of s.nodes) {
      if (!n.selected) continue;
      if (found) return null;
      found = n.id;
    }
    return found;
  });
  const name = useEditor((s) => s.settings.name);
  const { canUndo, canRedo } = useEditor(
    useShallow((s) => ({ canUndo: s.past.length > 0, canRedo: s.future.length > 0 })),
  );
  const [, navigate] = useLocation();
  // The live canvas: only an active flow has runs worth counting, and only its draft view shows them.
  const showLive = meta.status === 'active' && !readOnly;
  const live = useFlowStats(meta.id, showLive);
  const hasAbTest = useEditor((s) => s.nodes.some((n) => n.data.type === AB_TEST));
  // The report is asked for only when there is an A/B test to show it on.
  const branchResults = useLiveReport(meta.id, showLive && hasAbTest);

  const layout = useCallback(async () => {
    const s = store.getState();
    if (s.readOnly || s.nodes.length === 0) return;
    // elkjs is large; load it the first time someone tidies up.
    const { autoLayout } = await import('../canvas/layout.js');
    s.setPositions(await autoLayout(s.nodes, s.edges));
    requestAnimationFrame(() => void fitView({ duration: 300, maxZoom: FIT_VIEW_MAX_ZOOM, padding: 0.2 }));
  }, [store, fitView]);

  useEditorShortcuts({
    onSave: () => void save(),
    onLayout: () => void layout(),
    onToggleHelp: () => setHelp((h) => !h),
    onEscape: () => {
      if (help) setHelp(false);
      else store.getState().selectOnly(null);
    },
  });

  const canvasCentre = useCallback(() => {
    const box = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
    return box
      ? screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 })
      : { x: 0, y: 0 };
  }, [screenToFlowPosition]);

  const addAtCentre = useCallback(
    (type: string) => {
      const p = canvasCentre();
      store.getState().addNode(type, { x: p.x - 110, y: p.y - 35 });
    },
    [store, canvasCentre],
  );

  return (
    <div className="editor">
      <header className="editor-bar">
        <button
          type="button"
          className="back link"
          onClick={async () => {
            // Leaving through the app saves first instead of asking.
            if (readOnly || (await save())) navigate('/');
          }}
        >
          <ArrowLeft size={15} aria-hidden="true" /> Flows
        </button>
        <h1 className="flow-title" title={name}>
          {name}
        </h1>
        <span className={`badge status-${meta.status}`}>{meta.status}</span>
        {meta.latestVersion !== null && (
          <span className="muted small" title="The version contacts run through when the flow is active">
            v{meta.latestVersion} published
          </span>
        )}
        {!readOnly && <SaveIndicator state={saveState} onRetry={() => void save()} />}
        <div className="spacer" />
        <div className="toolbar">
          <button
            type="button"
            disabled={readOnly || !canUndo}
            onClick={() => store.getState().undo()}
            title="Undo (Ctrl/⌘+Z)"
          >
            <Undo2 size={15} aria-hidden="true" /> Undo
          </button>
          <button
            type="button"
            disabled={readOnly || !canRedo}
            onClick={() => store.getState().redo()}
            title="Redo (Shift+Ctrl/⌘+Z)"
          >
            <Redo2 size={15} aria-hidden="true" /> Redo
          </button>
          <AddNoteButton disabled={readOnly} store={store} at={canvasCentre} />
          <button
            type="button"
            disabled={readOnly}
            onClick={() => void layout()}
            title="Arrange the steps (Shift+L)"
          >
            Tidy up
          </button>
          <button
            type="button"
            onClick={() => setHelp(true)}
            title="Keyboard shortcuts (?)"
            aria-label="Keyboard shortcuts"
          >
            ?
          </button>
        </div>
        <LifecycleBar
          meta={meta}
          onMeta={onMeta}
          save={save}
          readOnly={readOnly}
          onPublished={() => setVersionsKey((k) => k + 1)}
          onDraftUnchanged={setDraftUnchanged}
        />
      </header>
      {readOnly && (
        <div className="banner info" role="status">
          You are looking at published version {version}. It cannot be changed.{' '}
          <Link href={`/flows/${meta.id}`}>Open the draft</Link>
        </div>
      )}
      <div className="editor-body">
        <Palette disabled={readOnly} onAdd={addAtCentre} />
        <NodeBadgesContext.Provider value={live.badges}>
          <BranchResultsContext.Provider value={branchResults}>
            <Canvas edgeCounts={live.edgeCounts} />
          </BranchResultsContext.Provider>
        </NodeBadgesContext.Provider>
        <aside className="side">
          <div className="side-scroll">
            {selectedId ? <ConfigPanel nodeId={selectedId} /> : <SettingsPanel />}
          </div>
          <ProblemsPanel />
          <DryRunPanel />
          <VersionsPanel
            flowId={meta.id}
            reloadKey={versionsKey}
            {...(version !== undefined ? { current: version } : { draftUnchanged })}
          />
        </aside>
      </div>
      <NameSuggestions />
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
    </div>
  );
}

function SaveIndicator({
  state,
  onRetry,
}: {
  state: ReturnType<typeof useSaving>['saveState'];
  onRetry(): void;
}) {
  switch (state.status) {
    case 'saved':
      return (
        <span className="save-state saved" data-testid="save-state">
          All changes saved
        </span>
      );
    case 'saving':
      return (
        <span className="save-state saving" data-testid="save-state">
          Saving…
        </span>
      );
    case 'dirty':
      return (
        <span className="save-state dirty" data-testid="save-state">
          Unsaved changes
        </span>
      );
    default:
      return (
        <span className="save-state error" data-testid="save-state" title={state.error}>
          Not saved: {state.error}{' '}
          <button type="button" className="link" onClick={onRetry}>
            Retry
          </button>
        </span>
      );
  }
}
