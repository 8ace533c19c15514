import type { NodeChange } from '@xyflow/react';
import { useCallback, useMemo } from 'react';
import { useEditor, useEditorStoreApi } from '../store/context.js';
import type { CanvasNode, NoteNode, StepNode } from '../store/types.js';

const changedId = (c: NodeChange<CanvasNode>) => (c.type === 'add' ? c.item.id : c.id);

/**
 * Steps and sticky notes as the one node list React Flow draws, and a change handler that hands each
 * change to the steps or to the notes, so the store keeps them apart.
 */
export function useCanvasNodes(steps: StepNode[], onStepsChange: (changes: NodeChange<StepNode>[]) => void) {
  const store = useEditorStoreApi();
  const notes = useEditor((s) => s.notes);
  const nodes = useMemo<CanvasNode[]>(
    () => (notes.length === 0 ? steps : [...steps, ...notes]),
    [steps, notes],
  );
  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasNode>[]) => {
      const s = store.getState();
      if (s.notes.length === 0) {
        onStepsChange(changes as NodeChange<StepNode>[]);
        return;
      }
      const noteIds = new Set(s.notes.map((n) => n.id));
      const forNotes: NodeChange<NoteNode>[] = [];
      const forSteps: NodeChange<StepNode>[] = [];
      for (const c of changes) {
        if (noteIds.has(changedId(c))) forNotes.push(c as NodeChange<NoteNode>);
        else forSteps.push(c as NodeChange<StepNode>);
      }
      if (forSteps.length > 0) onStepsChange(forSteps);
      if (forNotes.length > 0) s.onNotesChange(forNotes);
    },
    [store, onStepsChange],
  );
  return { nodes, onNodesChange };
}
