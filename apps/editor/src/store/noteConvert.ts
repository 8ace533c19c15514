import type { FlowDocument, FlowNote } from '@scoreflow/flow';
import { newId } from './ids.js';
import type { NoteNode } from './types.js';

const note = (id: string, n: FlowNote): NoteNode => ({
  id,
  type: 'note',
  position: { x: n.position.x, y: n.position.y },
  connectable: false,
  data: n.color === undefined ? { text: n.text } : { text: n.text, color: n.color },
  ...(n.size ? { width: n.size.width, height: n.size.height } : {}),
});

/**
 * Canvas nodes for a document's sticky notes; a stored size becomes the node's fixed size. Steps and
 * notes share React Flow's id space, but validation does not check note ids (nothing refers to a
 * note), so a note whose id is already taken, as in a hand-written document, gets a fresh one.
 */
export function notesFromDocument(
  notes: readonly FlowNote[] | undefined,
  stepIds: readonly string[],
): NoteNode[] {
  const taken = new Set(stepIds);
  return (notes ?? []).map((n) => {
    const id = taken.has(n.id) ? newId('note', taken) : n.id;
    taken.add(id);
    return note(id, n);
  });
}

/**
 * The `notes` part of a document. A flow without notes gets no `notes` key at all, so documents
 * written before notes existed are saved back exactly as they were.
 */
export function notesToDocument(notes: readonly NoteNode[]): Pick<FlowDocument, 'notes'> {
  if (notes.length === 0) return {};
  return {
    notes: notes.map((n) => ({
      id: n.id,
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
      text: n.data.text,
      // width and height are set on a note only by resizing it; a measured size is not the user's.
      ...(n.width && n.height ? { size: { width: Math.round(n.width), height: Math.round(n.height) } } : {}),
      ...(n.data.color ? { color: n.data.color } : {}),
    })),
  };
}
