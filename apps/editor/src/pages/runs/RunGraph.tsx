import type { FlowDocument } from '@scoreflow/flow';
import { useMemo } from 'react';
import { NodeBadgesContext } from '../../canvas/badges.js';
import { FlowCanvas } from '../../canvas/FlowCanvas.js';
import { EditorStoreProvider } from '../../store/context.js';
import { createEditorStore } from '../../store/editorStore.js';
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
  // A node that failed in the current attempt is drawn as failed, not in the path's success colour.
  const nodes = useMemo(() => {
    const failed = new Set(marks.failedAt);
    return store.getState().nodes.map((n) => (failed.has(n.id) ? { ...n, className: 'run-node-failed' } : n));
  }, [store, marks.failedAt]);
  const edges = useMemo(() => runEdges(document, marks), [document, marks]);
  const badges = useMemo(() => runBadges(marks), [marks]);
  return (
    <EditorStoreProvider store={store}>
      <NodeBadgesContext.Provider value={badges}>
        <div className="run-graph" data-testid="run-graph">
          <FlowCanvas
            readOnly
            nodes={nodes}
            edges={edges}
            elementsSelectable={false}
            fitViewOptions={fitViewOptions}
          />
        </div>
      </NodeBadgesContext.Provider>
    </EditorStoreProvider>
  );
}
