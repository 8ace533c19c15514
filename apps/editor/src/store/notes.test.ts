import { type FlowDocument, validateFlow } from '@scoreflow/flow';
import { edge, flow, node } from '@scoreflow/flow/testing';
import { describe, expect, it } from 'vitest';
import { createEditorStore } from './editorStore.js';

function twoStepFlow(): FlowDocument {
  return flow(
    [
      node('t', 'trigger.event', { event: 'email.clicked' }),
      node('a', 'action.adjustScore', { score: 'SCORE', delta: 10 }, { x: 0, y: 150 }),
    ],
    [edge('e', 't', 'a')],
    { name: 'Clicks' },
  );
}

describe('editor store: sticky notes', () => {
  it('adds, types into, recolours and deletes a note, each undoable, typing as one step', () => {
    const store = createEditorStore(twoStepFlow());
    const s = () => store.getState();
    const id = s().addNote({ x: 300, y: 10 }) as string;
    expect(id).toBeTruthy();
    s().updateNoteText(id, 'W');
    s().updateNoteText(id, 'Why');
    s().setNoteColor(id, 'green');
    expect(s().document().notes).toEqual([{ id, position: { x: 300, y: 10 }, text: 'Why', color: 'green' }]);

    s().undo();
    expect(s().document().notes?.[0]).toEqual({ id, position: { x: 300, y: 10 }, text: 'Why' });
    s().undo();
    expect(s().document().notes?.[0]?.text).toBe('');
    s().redo();
    s().redo();
    s().deleteNote(id);
    expect(s().document()).not.toHaveProperty('notes');
    s().undo();
    expect(s().document().notes?.[0]?.color).toBe('green');
  });

  it('moves and resizes a note as view changes from React Flow, and deletes it with the selection', () => {
    const store = createEditorStore(twoStepFlow());
    const s = () => store.getState();
    const id = s().addNote({ x: 0, y: 0 }) as string;
    const before = s().revision;
    // Measuring is not an edit; a resize (setAttributes) and a move are.
    s().onNotesChange([{ type: 'dimensions', id, dimensions: { width: 220, height: 140 } }]);
    expect(s().revision).toBe(before);
    expect(s().document().notes?.[0]).not.toHaveProperty('size');
    s().onNotesChange([
      {
        type: 'dimensions',
        id,
        dimensions: { width: 320, height: 200 },
        resizing: true,
        setAttributes: true,
      },
      { type: 'position', id, position: { x: 40, y: 60 } },
    ]);
    expect(s().revision).toBeGreaterThan(before);
    expect(s().document().notes?.[0]).toMatchObject({
      position: { x: 40, y: 60 },
      size: { width: 320, height: 200 },
    });

    s().onNotesChange([{ type: 'select', id, selected: true }]);
    s().deleteSelection();
    expect(s().notes).toHaveLength(0);
    expect(s().nodes).toHaveLength(2);
    s().undo();
    expect(s().notes).toHaveLength(1);
    s().undo();
    expect(s().document().notes?.[0]).toEqual({ id, position: { x: 0, y: 0 }, text: '' });
  });

  it('makes each drag of a note one undo step, however many moves it has', () => {
    const store = createEditorStore(twoStepFlow());
    const s = () => store.getState();
    const id = s().addNote({ x: 0, y: 0 }) as string;
    const drag = (to: number[]) => {
      for (const x of to)
        s().onNotesChange([{ type: 'position', id, position: { x, y: 0 }, dragging: true }]);
      s().onNotesChange([{ type: 'position', id, position: { x: to.at(-1) ?? 0, y: 0 }, dragging: false }]);
    };
    drag([10, 20, 30]);
    drag([40, 50]);
    const at = () => s().notes[0]?.position.x;
    expect(at()).toBe(50);
    s().undo();
    expect(at()).toBe(30);
    s().undo();
    expect(at()).toBe(0);
  });

  it('selecting one step (a problem clicked, Escape) drops a note from the selection; select all takes it', () => {
    const store = createEditorStore(twoStepFlow());
    const s = () => store.getState();
    const id = s().addNote({ x: 0, y: 0 }) as string;
    s().onNotesChange([{ type: 'select', id, selected: true }]);
    s().selectOnly('a');
    s().deleteSelection();
    expect(s().notes).toHaveLength(1);
    expect(s().nodes.map((n) => n.id)).toEqual(['t']);
    s().selectAll();
    s().deleteSelection();
    expect(s().notes).toHaveLength(0);
    expect(s().nodes).toHaveLength(0);
  });

  it('round-trips notes through the document and leaves validation alone', () => {
    const doc: FlowDocument = {
      ...twoStepFlow(),
      notes: [
        {
          id: 'note1',
          position: { x: 5, y: 5 },
          text: 'Hi',
          size: { width: 300, height: 120 },
          color: 'pink',
        },
      ],
    };
    const store = createEditorStore(doc);
    expect(store.getState().document()).toEqual(doc);
    expect(store.getState().diagnostics).toEqual(validateFlow(twoStepFlow()));
    // A flow without notes is saved without a notes key, exactly as it was loaded.
    expect(createEditorStore(twoStepFlow()).getState().document()).toEqual(twoStepFlow());
  });

  it('gives a note whose id a step or another note already has a fresh id, keeping its text', () => {
    const store = createEditorStore({
      ...twoStepFlow(),
      notes: [
        { id: 't', position: { x: 0, y: 0 }, text: 'same id as the trigger' },
        { id: 'x', position: { x: 0, y: 0 }, text: 'first x' },
        { id: 'x', position: { x: 0, y: 0 }, text: 'second x' },
      ],
    });
    const ids = [...store.getState().nodes, ...store.getState().notes].map((n) => n.id);
    expect(new Set(ids).size).toBe(5);
    expect(store.getState().notes.map((n) => n.data.text)).toEqual([
      'same id as the trigger',
      'first x',
      'second x',
    ]);
  });

  it('changes nothing in a read-only store', () => {
    const store = createEditorStore(
      { ...twoStepFlow(), notes: [{ id: 'n', position: { x: 0, y: 0 }, text: 'x' }] },
      { readOnly: true },
    );
    const s = () => store.getState();
    expect(s().addNote({ x: 0, y: 0 })).toBeNull();
    s().updateNoteText('n', 'changed');
    s().onNotesChange([{ type: 'position', id: 'n', position: { x: 99, y: 99 } }]);
    expect(s().document().notes).toEqual([{ id: 'n', position: { x: 0, y: 0 }, text: 'x' }]);
  });
});
