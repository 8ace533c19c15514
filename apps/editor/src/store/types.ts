import type { FlowSettings } from '@scoreflow/flow';
import type { Edge, Node } from '@xyflow/react';

/** What a canvas node carries: the catalog type and its config, as stored in the document. */
export type StepData = {
  type: string;
  config: Record<string, unknown>;
  label?: string;
};

/** React Flow's node type is the catalog kind, so each kind gets its own memoized component. */
export type StepKind = 'trigger' | 'condition' | 'action' | 'control' | 'unknown';

export type StepNode = Node<StepData, StepKind>;
export type StepEdge = Edge;

/** One undoable state of the document; arrays are never mutated, so snapshots share structure. */
export type Snapshot = {
  nodes: StepNode[];
  edges: StepEdge[];
  settings: FlowSettings;
};

/** A copied part of the graph: the selected nodes and the edges between them. */
export type Clip = { nodes: StepNode[]; edges: StepEdge[] };
