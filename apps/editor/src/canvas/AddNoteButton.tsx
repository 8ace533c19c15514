import type { XYPosition } from '@xyflow/react';
import { StickyNote } from 'lucide-react';
import type { EditorStore } from '../store/editorStore.js';

/** Default size of a new note (styles/notes.css), to centre it where it is placed. */
const NOTE_WIDTH = 220;
const NOTE_HEIGHT = 140;

/** Toolbar button: a new empty sticky note in the middle of the visible canvas, its text field focused. */
export function AddNoteButton({
  store,
  at,
  disabled,
}: {
  store: EditorStore;
  at(): XYPosition;
  disabled: boolean;
}) {
  const add = () => {
    const p = at();
    const id = store.getState().addNote({ x: p.x - NOTE_WIDTH / 2, y: p.y - NOTE_HEIGHT / 2 });
    if (!id) return;
    // React Flow shows a new node only once it has measured it (hidden until then, and a hidden field
    // refuses focus): try each frame until the focus sticks.
    let frames = 0;
    const focus = () => {
      const text = document.querySelector<HTMLTextAreaElement>(`.react-flow__node[data-id="${id}"] textarea`);
      text?.focus();
      if (!text || document.activeElement !== text) if (++frames < 60) requestAnimationFrame(focus);
    };
    requestAnimationFrame(focus);
  };
  return (
    <button type="button" disabled={disabled} onClick={add} title="Add a sticky note to explain the flow">
      <StickyNote size={15} aria-hidden="true" /> Add note
    </button>
  );
}
