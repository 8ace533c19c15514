import { applyNodeChanges, type NodeChange, type XYPosition } from '@xyflow/react';
import { useMemo, useState } from 'react';
import type { EditorStore } from '../store/editorStore.js';
import type { StepNode } from '../store/types.js';

/** The canvas's nodes while a drag runs, and the store's nodes they were moved from. */
export type DragView = { base: StepNode[]; nodes: StepNode[] };

const isDragMove = (changes: readonly NodeChange<StepNode>[]) =>
  changes.length > 0 && changes.every((c) => c.type === 'position' && c.dragging === true);

/**
 * The canvas's `onNodesChange`: the moves of a running drag stay in the canvas's own state (`show`) and
 * reach the store once, when the drag ends, as one undo step. A store update is rendered synchronously
 * inside the pointer event and wakes every subscriber (panels, autosave); a plain React state update in a
 * pointermove is batched with the next frame, as React Flow's own `useNodesState` is. Every other change
 * (selection, measurement, removal, keyboard moves) goes to the store as before.
 */
export function createDragBuffer(store: EditorStore, show: (view: DragView | null) => void) {
  let view: DragView | null = null;
  return (changes: NodeChange<StepNode>[]) => {
    const s = store.getState();
    // Something else changed the document under the drag (an undo, a reload): the store wins.
    if (view && view.base !== s.nodes) view = null;
    if (!s.readOnly && isDragMove(changes)) {
      const base = view?.base ?? s.nodes;
      view = { base, nodes: applyNodeChanges(changes, view?.nodes ?? base) };
      show(view);
      return;
    }
    if (!view) {
      s.onNodesChange(changes);
      return;
    }
    const positions: Record<string, XYPosition> = {};
    view.nodes.forEach((n, i) => {
      if (n.position !== view?.base[i]?.position) positions[n.id] = n.position;
    });
    for (const c of changes) if (c.type === 'position' && c.position) positions[c.id] = c.position;
    view = null;
    show(null);
    s.commitDrag(positions);
    const rest = changes.filter((c) => c.type !== 'position');
    if (rest.length > 0) store.getState().onNodesChange(rest);
  };
}

/**
 * The nodes to draw and the `onNodesChange` to give React Flow: the store's nodes, or during a drag the
 * dragged copy of them.
 */
export function useDragBuffer(store: EditorStore, storeNodes: StepNode[]) {
  const [view, setView] = useState<DragView | null>(null);
  const onNodesChange = useMemo(() => createDragBuffer(store, setView), [store]);
  // A view of older store nodes is stale (the store changed under it, or the drag was committed).
  const nodes = view && view.base === storeNodes ? view.nodes : storeNodes;
  return { nodes, onNodesChange };
}
