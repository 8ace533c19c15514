import {
  Background,
  Controls,
  type Edge,
  MarkerType,
  type Node,
  ReactFlow,
  type ReactFlowProps,
} from '@xyflow/react';
import { nodeTypes } from './nodeTypes.js';

// Module-level: React Flow compares these by identity and would redraw on every new object.
const defaultEdgeOptions = { markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 } };
const proOptions = { hideAttribution: true };

type Props<N extends Node> = Omit<
  ReactFlowProps<N, Edge>,
  'nodeTypes' | 'defaultEdgeOptions' | 'proOptions' | 'fitView' | 'minZoom' | 'deleteKeyCode'
> & {
  /** No dragging and no new connections. */
  readOnly: boolean;
  /** Overlays drawn between the background and the zoom controls (the editor's minimap). */
  children?: React.ReactNode;
};

/**
 * A flow drawn with the editor's node components, as the editor canvas and the run view both draw it:
 * arrowheads, fitted to the view, dotted background and zoom controls. React Flow's own Delete key is off:
 * the editor deletes through its store's shortcut, so undo sees it, and the run view deletes nothing.
 * What differs, such as the editing handlers, selection keys and how close the fit zooms, is passed through.
 */
export function FlowCanvas<N extends Node>({ readOnly, children, ...props }: Props<N>) {
  return (
    <ReactFlow<N, Edge>
      nodeTypes={nodeTypes}
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      deleteKeyCode={null}
      defaultEdgeOptions={defaultEdgeOptions}
      fitView
      minZoom={0.1}
      proOptions={proOptions}
      {...props}
    >
      <Background gap={20} size={1} />
      {children}
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}
