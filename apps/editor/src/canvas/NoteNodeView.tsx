import { NOTE_COLORS, type NoteColor } from '@scoreflow/flow';
import { type NodeProps, NodeResizer } from '@xyflow/react';
import { Palette, StickyNote, Trash2 } from 'lucide-react';
import { memo } from 'react';
import { useEditor, useEditorStoreApi } from '../store/context.js';
import type { NoteNode } from '../store/types.js';

const nextColor = (c: NoteColor | undefined): NoteColor =>
  NOTE_COLORS[(NOTE_COLORS.indexOf(c ?? 'yellow') + 1) % NOTE_COLORS.length] ?? 'yellow';

/**
 * A sticky note on the canvas: drag it by its frame, type into it, resize it from its corners when
 * selected. It has no handles, so nothing connects to it.
 */
function NoteNodeView({ id, data, selected }: NodeProps<NoteNode>) {
  const readOnly = useEditor((s) => s.readOnly);
  const store = useEditorStoreApi();
  const color = data.color ?? 'yellow';
  return (
    <div className={`note note-${color}${selected ? ' selected' : ''}`} data-testid="note">
      {!readOnly && (
        // The whole resize is one undo step, as a drag is (the store tracks the gesture).
        <NodeResizer isVisible={selected} minWidth={160} minHeight={90} />
      )}
      <div className="note-head">
        <StickyNote size={13} aria-hidden="true" />
        <span>Note</span>
        {!readOnly && (
          <span className="note-tools">
            <button
              type="button"
              className="icon-button nodrag"
              aria-label={`Note colour: ${color}`}
              title="Change the colour"
              onClick={() => store.getState().setNoteColor(id, nextColor(data.color))}
            >
              <Palette size={13} aria-hidden="true" />
            </button>
            <button
              type="button"
              className="icon-button nodrag"
              aria-label="Delete note"
              title="Delete the note"
              onClick={() => store.getState().deleteNote(id)}
            >
              <Trash2 size={13} aria-hidden="true" />
            </button>
          </span>
        )}
      </div>
      <textarea
        // nodrag: selecting text must not move the note; nowheel: the text scrolls, not the canvas.
        className="note-text nodrag nowheel"
        aria-label="Note text"
        placeholder={readOnly ? '' : 'Write a note for whoever reads this flow next'}
        value={data.text}
        readOnly={readOnly}
        onChange={(e) => store.getState().updateNoteText(id, e.target.value)}
      />
    </div>
  );
}

export const NoteNodeMemo = memo(NoteNodeView);
