import { applyNodeChanges, type NodeChange } from '@xyflow/react';
import { newId } from './ids.js';
import type { EditorActions, EditorState, NoteActions, NoteNode, Snapshot } from './types.js';

type Get = () => EditorState & EditorActions;
type Set = (partial: Partial<EditorState>) => void;
/** The store's undoable edit (editorStore.ts): `validate` is false here, notes never change diagnostics. */
type Edit = (next: Partial<Snapshot>, mergeKey?: string | null, validate?: boolean) => boolean;

/** A resize writes the note's size (setAttributes); other size changes are React Flow measuring it. */
const isResize = (c: NodeChange<NoteNode>) => c.type === 'dimensions' && Boolean(c.setAttributes);

/**
 * A gesture (a drag or a resize) is over when React Flow says so: a move no longer `dragging`, a
 * resize no longer `resizing`. A keyboard move is a gesture of its own.
 */
function gestureEnded(changes: readonly NodeChange<NoteNode>[]): boolean {
  const resize = changes.find((c) => c.type === 'dimensions' && isResize(c));
  if (resize?.type === 'dimensions') return resize.resizing !== true;
  if (changes.some((c) => c.type === 'dimensions' && c.resizing === true)) return false;
  return changes.some((c) => c.type === 'position' && c.dragging !== true);
}

/**
 * Sticky-note actions of the editor store; undo, redo and saving see them as they see step edits.
 * `checkpoint` records the state before a gesture, so each drag or resize is one undo step.
 */
export function noteActions(get: Get, set: Set, edit: Edit, checkpoint: () => void): NoteActions {
  let inGesture = false;
  const update = (noteId: string, change: (n: NoteNode) => NoteNode, mergeKey: string | null) => {
    const s = get();
    if (!s.notes.some((n) => n.id === noteId)) return;
    edit({ notes: s.notes.map((n) => (n.id === noteId ? change(n) : n)) }, mergeKey, false);
  };

  return {
    onNotesChange(changes) {
      const s = get();
      const allowed = s.readOnly
        ? changes.filter((c) => c.type === 'select' || (c.type === 'dimensions' && !isResize(c)))
        : changes;
      if (allowed.length === 0) return;
      const notes = applyNodeChanges(allowed, s.notes);
      if (allowed.some((c) => c.type === 'remove' || c.type === 'add')) edit({ notes }, null, false);
      // Moves and resizes are one undo step per gesture: the state at its start is recorded once.
      else if (allowed.some((c) => c.type === 'position' || isResize(c))) {
        if (!inGesture) checkpoint();
        inGesture = !gestureEnded(allowed);
        set({ notes, revision: get().revision + 1 });
      } else set({ notes });
    },

    addNote(position) {
      const s = get();
      if (s.readOnly) return null;
      const id = newId('note', new Set([...s.nodes.map((n) => n.id), ...s.notes.map((n) => n.id)]));
      const note: NoteNode = { id, type: 'note', position, connectable: false, data: { text: '' } };
      edit({ notes: [...s.notes, note] }, null, false);
      return id;
    },

    updateNoteText(noteId, text) {
      // Typing into one note merges into one undo step, like typing into a config field.
      update(noteId, (n) => ({ ...n, data: { ...n.data, text } }), `note:${noteId}`);
    },

    setNoteColor(noteId, color) {
      update(noteId, (n) => ({ ...n, data: { ...n.data, color } }), null);
    },

    deleteNote(noteId) {
      const s = get();
      if (!s.notes.some((n) => n.id === noteId)) return;
      edit({ notes: s.notes.filter((n) => n.id !== noteId) }, null, false);
    },
  };
}
