import {
  Background,
  Controls,
  type Edge,
  MarkerType,
  type Node,
  ReactFlow,
  type ReactFlowProps,
} from '@xyflow/react';
import { useMemo, useState } from 'react';
import { nodeTypes } from './nodeTypes.js';

// Module-level: React Flow compares these by identity and would redraw on every new object.
const defaultEdgeOptions = { markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 } };
const proOptions = { hideAttribution: true };

/**
 * Fitting never zooms past 100 %: a flow of two steps drawn at 200 % looks broken, and text past that
 * size reads no better. React Flow's own default cap is its maxZoom (2).
 */
export const FIT_VIEW_MAX_ZOOM = 1;
type FitViewOptions = NonNullable<ReactFlowProps['fitViewOptions']>;
const capped = (options: FitViewOptions | undefined): FitViewOptions => ({
  ...options,
  maxZoom: Math.min(options?.maxZoom ?? FIT_VIEW_MAX_ZOOM, FIT_VIEW_MAX_ZOOM),
});

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
export function FlowCanvas<N extends Node>({ readOnly, children, fitViewOptions, ...props }: Props<N>) {
  // Fit only a flow that has steps when it opens. React Flow keeps a queued fit until the first node
  // appears, so an empty canvas would re-fit on the first drop and move the step away from the cursor.
  const [fitOnOpen] = useState(() => (props.nodes?.length ?? 0) > 0);
  const fit = useMemo(() => capped(fitViewOptions), [fitViewOptions]);
  return (
    <ReactFlow<N, Edge>
      nodeTypes={nodeTypes}
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      deleteKeyCode={null}
      defaultEdgeOptions={defaultEdgeOptions}
      fitView={fitOnOpen}
      fitViewOptions={fit}
      minZoom={0.1}
      proOptions={proOptions}
      {...props}
    >
      <Background gap={20} size={1} />
      {children}
      {/* The Fit View button takes its own options; without them it zooms up to maxZoom. */}
      <Controls showInteractive={false} fitViewOptions={fit} />
    </ReactFlow>
  );
}
