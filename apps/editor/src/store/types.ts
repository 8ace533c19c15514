import type { Diagnostic, FlowDocument, FlowSettings, NoteColor } from '@scoreflow/flow';
import type { Connection, Edge, EdgeChange, Node, NodeChange, XYPosition } from '@xyflow/react';
import type { IssueLevel } from './diagnostics.js';

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

/** A sticky note: its own React Flow node type, never a step (no handles, no edges, not validated). */
export type NoteData = { text: string; color?: NoteColor };
export type NoteNode = Node<NoteData, 'note'>;
/** Everything React Flow draws on the editor canvas. */
export type CanvasNode = StepNode | NoteNode;

/** One undoable state of the document; arrays are never mutated, so snapshots share structure. */
export type Snapshot = {
  nodes: StepNode[];
  edges: StepEdge[];
  settings: FlowSettings;
  /** Kept apart from `nodes` so everything that reads steps (validation, config, layout) never sees them. */
  notes: NoteNode[];
};

/** A copied part of the graph: the selected nodes and the edges between them. */
export type Clip = { nodes: StepNode[]; edges: StepEdge[] };

/** Everything the editor shows for one open flow. */
export type EditorState = Snapshot & {
  readOnly: boolean;
  past: Snapshot[];
  future: Snapshot[];
  /** Consecutive edits with the same key (typing into one field) form one undo step. */
  mergeKey: string | null;
  clipboard: Clip | null;
  pasteCount: number;
  diagnostics: Diagnostic[];
  /** Worst diagnostic per node / edge id, a primitive per element so components re-render only on change. */
  nodeIssues: Record<string, IssueLevel>;
  edgeIssues: Record<string, IssueLevel>;
  /** Bumped by every document edit; compared with savedRevision for the unsaved-changes state. */
  revision: number;
  savedRevision: number;
  /** The path of the last dry run, highlighted until the next edit. */
  dryRun: DryRunPath | null;
};

/** Node and edge ids a dry run went through. */
export type DryRunPath = { nodes: Record<string, true>; edges: Record<string, true> };

/** Sticky-note edits (store/notes.ts); each is undoable like a step edit. */
export type NoteActions = {
  onNotesChange(changes: NodeChange<NoteNode>[]): void;
  addNote(position: XYPosition): string | null;
  updateNoteText(noteId: string, text: string): void;
  setNoteColor(noteId: string, color: NoteColor): void;
  deleteNote(noteId: string): void;
};

export type EditorActions = NoteActions & {
  load(doc: FlowDocument, options?: { readOnly?: boolean }): void;
  onNodesChange(changes: NodeChange<StepNode>[]): void;
  onEdgesChange(changes: EdgeChange<StepEdge>[]): void;
  /** The end of a drag kept outside the store while it ran: all its moves as one undo step. */
  commitDrag(positions: Readonly<Record<string, XYPosition>>): void;
  connect(connection: Connection): void;
  addNode(type: string, position: XYPosition): string | null;
  updateConfig(nodeId: string, config: Record<string, unknown>, mergeKey?: string): void;
  updateLabel(nodeId: string, label: string): void;
  updateSettings(settings: FlowSettings, mergeKey?: string): void;
  setPositions(positions: Record<string, XYPosition>): void;
  selectOnly(nodeId: string | null): void;
  selectAll(): void;
  deleteSelection(): void;
  copy(): void;
  paste(): void;
  duplicate(): void;
  undo(): void;
  redo(): void;
  markSaved(revision: number): void;
  showDryRun(nodeIds: readonly string[] | null, edgeIds?: readonly string[]): void;
  document(): FlowDocument;
};
