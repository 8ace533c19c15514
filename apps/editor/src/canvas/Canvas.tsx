import { AB_TEST_HANDLES } from '@scoreflow/flow';
import { type Edge, MiniMap, useReactFlow } from '@xyflow/react';
import { type DragEvent, useCallback, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useEditor, useEditorStoreApi } from '../store/context.js';
import type { CanvasNode } from '../store/types.js';
import { useDragBuffer } from './dragBuffer.js';
import { FlowCanvas } from './FlowCanvas.js';
import { DND_MIME } from './Palette.js';
import { usePanLayer } from './panLayer.js';
import { useCanvasNodes } from './useCanvasNodes.js';

/** Handles whose connections carry the handle's name: a branch of a condition, a wait, an A/B test. */
const MULTI_OUTPUT_LABELS = new Set<string>(['yes', 'no', 'event', 'timeout', ...AB_TEST_HANDLES]);
const fitViewOptions = { padding: 0.2 };

function miniMapColor(n: CanvasNode): string {
  switch (n.type) {
    case 'trigger':
      return '#7c3aed';
    case 'condition':
      return '#d97706';
    case 'action':
      return '#2563eb';
    case 'control':
      return '#059669';
    case 'note':
      return '#facc15';
    default:
      return '#9ca3af';
  }
}

/** Runs per edge over the last 30 days, shown as `N runs` labels on the live canvas of an active flow. */
export function edgeCountLabel(n: number | undefined): string | undefined {
  return n === undefined ? undefined : `${n} run${n === 1 ? '' : 's'}`;
}

/** The React Flow canvas bound to the editor store; `edgeCounts` adds live pass counts to the edges. */
export function Canvas({ edgeCounts }: { edgeCounts?: Readonly<Record<string, number>> | undefined } = {}) {
  const { nodes, edges, readOnly, edgeIssues, dryRun, onEdgesChange, connect, addNode } = useEditor(
    useShallow((s) => ({
      nodes: s.nodes,
      edges: s.edges,
      readOnly: s.readOnly,
      edgeIssues: s.edgeIssues,
      dryRun: s.dryRun,
      onEdgesChange: s.onEdgesChange,
      connect: s.connect,
      addNode: s.addNode,
    })),
  );
  // A drag moves the canvas's own copy of the nodes and reaches the store once, when it ends.
  const { nodes: shownNodes, onNodesChange } = useDragBuffer(useEditorStoreApi(), nodes);
  const pan = usePanLayer();
  const { screenToFlowPosition } = useReactFlow();
  // Steps and sticky notes are drawn as one list; step drags go through the buffer, notes to the store.
  const canvasNodes = useCanvasNodes(shownNodes, onNodesChange);

  // Labels and issue classes are view-only, so they are derived here instead of stored.
  const shownEdges = useMemo<Edge[]>(
    () =>
      edges.map((e) => {
        const issue = edgeIssues[e.id];
        const branch = e.sourceHandle && MULTI_OUTPUT_LABELS.has(e.sourceHandle) ? e.sourceHandle : undefined;
        const count = edgeCounts ? edgeCountLabel(edgeCounts[e.id] ?? 0) : undefined;
        const label = branch && count ? `${branch} · ${count}` : (branch ?? count);
        const onPath = dryRun?.edges[e.id] === true;
        if (!issue && !label && !onPath) return e;
        const classes = [
          branch && `edge-${branch}`,
          count && 'edge-counted',
          issue && `edge-issue-${issue}`,
          onPath && 'edge-on-path',
        ];
        return {
          ...e,
          ...(label ? { label } : {}),
          ...(onPath ? { animated: true } : {}),
          className: classes.filter(Boolean).join(' '),
        };
      }),
    [edges, edgeIssues, dryRun, edgeCounts],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(DND_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(DND_MIME);
      if (!type) return;
      e.preventDefault();
      const p = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      // Centre the new node on the pointer rather than hanging it from its top-left corner.
      addNode(type, { x: p.x - 110, y: p.y - 35 });
    },
    [screenToFlowPosition, addNode],
  );

  return (
    <div className="canvas" data-testid="canvas" ref={pan.ref}>
      {nodes.length === 0 && !readOnly && (
        <div className="canvas-hint">
          <strong>Start with a trigger</strong>
          <span>Drag “Event” from the left onto this area, then add conditions and actions below it.</span>
        </div>
      )}
      <FlowCanvas<CanvasNode>
        readOnly={readOnly}
        nodes={canvasNodes.nodes}
        edges={shownEdges}
        onNodesChange={canvasNodes.onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={connect}
        onMoveStart={pan.onMoveStart}
        onMoveEnd={pan.onMoveEnd}
        onDragOver={onDragOver}
        onDrop={onDrop}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control']}
        fitViewOptions={fitViewOptions}
      >
        <MiniMap<CanvasNode> pannable zoomable nodeColor={miniMapColor} ariaLabel="Overview" />
      </FlowCanvas>
    </div>
  );
}
