import { type FlowDocument, getNodeDefinition, isNodeType } from '@scoreflow/flow';
import { notesFromDocument, notesToDocument } from './noteConvert.js';
import type { Snapshot, StepEdge, StepKind, StepNode } from './types.js';

/** The canvas kind of a catalog type; unknown types still render so the user can fix or delete them. */
export function kindOf(type: string): StepKind {
  return isNodeType(type) ? getNodeDefinition(type).kind : 'unknown';
}

/** Builds canvas nodes and edges from a stored flow document. */
export function fromDocument(doc: FlowDocument): Snapshot {
  const nodes: StepNode[] = doc.nodes.map((n) => ({
    id: n.id,
    type: kindOf(n.type),
    position: { x: n.position.x, y: n.position.y },
    data:
      n.label === undefined
        ? { type: n.type, config: n.config }
        : { type: n.type, config: n.config, label: n.label },
  }));
  const edges: StepEdge[] = doc.edges.map((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    sourceHandle: e.sourceHandle ?? null,
  }));
  return {
    nodes,
    edges,
    settings: doc.settings,
    notes: notesFromDocument(
      doc.notes,
      nodes.map((n) => n.id),
    ),
  };
}

/** The flow document for the current canvas state (what is saved, validated and published). */
export function toDocument(s: Snapshot): FlowDocument {
  return {
    schemaVersion: 1,
    settings: s.settings,
    nodes: s.nodes.map((n) => ({
      id: n.id,
      type: n.data.type,
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
      config: n.data.config,
      ...(n.data.label ? { label: n.data.label } : {}),
    })),
    edges: s.edges.map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      ...(e.sourceHandle ? { sourceHandle: e.sourceHandle } : {}),
    })),
    ...notesToDocument(s.notes),
  };
}
