import type { FlowDocument } from '@scoreflow/flow';
import { Background, Controls, MarkerType, ReactFlow } from '@xyflow/react';
import { useMemo } from 'react';
import { NodeBadgesContext } from '../../canvas/badges.js';
import { nodeTypes } from '../../canvas/nodeTypes.js';
import { EditorStoreProvider } from '../../store/context.js';
import { createEditorStore } from '../../store/editorStore.js';
import { type RunMarks, runBadges, runEdges } from './runView.js';

const defaultEdgeOptions = { markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 } };
const proOptions = { hideAttribution: true };
const fitViewOptions = { maxZoom: 1, padding: 0.15 };

/**
 * The flow version a run went through, drawn read-only with the editor's own node components: the
 * path taken is highlighted (the same marking as a dry run) and waiting / failed steps carry a badge.
 */
export function RunGraph({ document, marks }: { document: FlowDocument; marks: RunMarks }) {
  // The node components read their highlight from an editor store, so the run gets a read-only one.
  const store = useMemo(() => {
    const s = createEditorStore(document, { readOnly: true });
    s.getState().showDryRun(marks.path.nodeIds, marks.path.edgeIds);
    return s;
  }, [document, marks.path]);
  const nodes = useMemo(() => store.getState().nodes, [store]);
  const edges = useMemo(() => runEdges(document, marks), [document, marks]);
  const badges = useMemo(() => runBadges(marks), [marks]);
  return (
    <EditorStoreProvider store={store}>
      <NodeBadgesContext.Provider value={badges}>
        <div className="run-graph" data-testid="run-graph">
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            nodesDraggable={false}
            nodesConnectable={false}
            elementsSelectable={false}
            deleteKeyCode={null}
            defaultEdgeOptions={defaultEdgeOptions}
            fitView
            fitViewOptions={fitViewOptions}
            minZoom={0.1}
            proOptions={proOptions}
          >
            <Background gap={20} size={1} />
            <Controls showInteractive={false} />
          </ReactFlow>
        </div>
      </NodeBadgesContext.Provider>
    </EditorStoreProvider>
  );
}
