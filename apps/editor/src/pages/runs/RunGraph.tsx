import type { FlowDocument } from '@scoreflow/flow';
import { type FocusEvent, useMemo, useRef, useState } from 'react';
import { mergeBadges, NodeBadgesContext } from '../../canvas/badges.js';
import { FlowCanvas } from '../../canvas/FlowCanvas.js';
import { EditorStoreProvider } from '../../store/context.js';
import { createEditorStore } from '../../store/editorStore.js';
import type { CanvasNode } from '../../store/types.js';
import { type RunMarks, runBadges, runEdges } from './runView.js';

const fitViewOptions = { maxZoom: 1, padding: 0.15 };

/**
 * The flow version a run went through, drawn read-only with the editor's own node components: the
 * path taken is highlighted (the same marking as a dry run), a step failed in the current attempt is
 * drawn red, and waiting, failed or repaired steps carry a badge.
 */
export function RunGraph({ document, marks }: { document: FlowDocument; marks: RunMarks }) {
  // The node components read their highlight from an editor store, so the run gets a read-only one.
  const store = useMemo(() => {
    const s = createEditorStore(document, { readOnly: true });
    s.getState().showDryRun(marks.path.nodeIds, marks.path.edgeIds);
    return s;
  }, [document, marks.path]);
  // Sticky notes explain the flow to support staff too; they are read-only here like the steps. A node
  // that failed in the current attempt is drawn as failed, not in the path's success colour.
  const nodes = useMemo<CanvasNode[]>(() => {
    const failed = new Set(marks.failedAt);
    const steps = store
      .getState()
      .nodes.map((n) => (failed.has(n.id) ? { ...n, className: 'run-node-failed' } : n));
    return [...steps, ...store.getState().notes];
  }, [store, marks.failedAt]);
  const edges = useMemo(() => runEdges(document, marks), [document, marks]);
  const badges = useMemo(() => mergeBadges(runBadges(marks)), [marks]);
  // The graph sits in a scrolling page: the wheel scrolls the page past it, and zooms only once the
  // graph has focus (clicked or tabbed to). Ctrl + wheel (and a trackpad pinch) always zooms.
  const [focused, setFocused] = useState(false);
  const box = useRef<HTMLElement>(null);
  const onBlur = (e: FocusEvent) => {
    if (!box.current?.contains(e.relatedTarget as globalThis.Node | null)) setFocused(false);
  };
  return (
    <EditorStoreProvider store={store}>
      <NodeBadgesContext.Provider value={badges}>
        <section
          ref={box}
          className={`run-graph${focused ? ' focused' : ''}`}
          data-testid="run-graph"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so keyboard and wheel users can choose to zoom it
          tabIndex={0}
          aria-label="Path of this run"
          onFocus={() => setFocused(true)}
          onBlur={onBlur}
          // React Flow's pane swallows the mousedown, so a click would not focus the box by itself.
          onPointerDown={() => box.current?.focus({ preventScroll: true })}
        >
          <FlowCanvas
            readOnly
            nodes={nodes}
            edges={edges}
            elementsSelectable={false}
            fitViewOptions={fitViewOptions}
            zoomOnScroll={focused}
            preventScrolling={focused}
          />
        </section>
        <p className="muted small run-graph-hint">
          The mouse wheel scrolls the page; click the graph to zoom it with the wheel, or hold Ctrl.
        </p>
      </NodeBadgesContext.Provider>
    </EditorStoreProvider>
  );
}
