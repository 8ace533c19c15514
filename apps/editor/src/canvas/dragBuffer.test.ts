import type { FlowDocument } from '@scoreflow/flow';
import { edge, flow, node } from '@scoreflow/flow/testing';
import type { NodeChange } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { createEditorStore } from '../store/editorStore.js';
import type { StepNode } from '../store/types.js';
import { createDragBuffer, type DragView } from './dragBuffer.js';

function threeStepFlow(): FlowDocument {
  return flow(
    [
      node('t', 'trigger.event', { event: 'email.clicked' }),
      node('a', 'action.adjustScore', { score: 'SCORE', delta: 10 }, { x: 0, y: 150 }),
      node('b', 'action.adjustScore', { score: 'SCORE', delta: 5 }, { x: 0, y: 300 }),
    ],
    [edge('e1', 't', 'a'), edge('e2', 'a', 'b')],
    { name: 'Clicks', reentry: { mode: 'afterExit' } },
  );
}

const move = (id: string, x: number, y: number, dragging: boolean): NodeChange<StepNode> => ({
  type: 'position',
  id,
  position: { x, y },
  dragging,
});

/** The store, a drag buffer over it, what the canvas was shown and how often the store changed. */
function setUp() {
  const store = createEditorStore(threeStepFlow());
  const shown: Array<DragView | null> = [];
  let commits = 0;
  store.subscribe(() => {
    commits += 1;
  });
  const onNodesChange = createDragBuffer(store, (v) => shown.push(v));
  return { store, shown, onNodesChange, commits: () => commits };
}

const positionOf = (nodes: readonly StepNode[] | undefined, id: string) =>
  nodes?.find((n) => n.id === id)?.position;

describe('drag buffer', () => {
  it('keeps the moves of a drag out of the store and commits them once, as one undo step', () => {
    const { store, shown, onNodesChange, commits } = setUp();
    onNodesChange([{ type: 'select', id: 'a', selected: true }]);
    const before = commits();
    for (const x of [10, 20, 30]) onNodesChange([move('a', x, 160, true)]);
    expect(commits()).toBe(before);
    expect(positionOf(store.getState().nodes, 'a')).toEqual({ x: 0, y: 150 });
    // The canvas is shown each move, built on the store's nodes.
    expect(shown).toHaveLength(3);
    expect(positionOf(shown[2]?.nodes, 'a')).toEqual({ x: 30, y: 160 });
    expect(shown[2]?.base).toBe(store.getState().nodes);

    onNodesChange([move('a', 40, 170, false)]);
    expect(commits()).toBe(before + 1);
    expect(shown.at(-1)).toBeNull();
    const s = store.getState();
    expect(s.past).toHaveLength(1);
    expect(s.revision).toBeGreaterThan(s.savedRevision);
    expect(s.document().nodes.find((n) => n.id === 'a')?.position).toEqual({ x: 40, y: 170 });
    // Still selected: the drag kept the selection the store had.
    expect(s.nodes.find((n) => n.id === 'a')?.selected).toBe(true);

    s.undo();
    expect(positionOf(store.getState().nodes, 'a')).toEqual({ x: 0, y: 150 });
    store.getState().redo();
    expect(positionOf(store.getState().nodes, 'a')).toEqual({ x: 40, y: 170 });
  });

  it('moves every node of a multi-selection in the one undo step', () => {
    const { store, onNodesChange } = setUp();
    store.getState().selectAll();
    onNodesChange([move('a', 5, 155, true), move('b', 5, 305, true)]);
    onNodesChange([move('a', 25, 175, true), move('b', 25, 325, true)]);
    onNodesChange([move('a', 25, 175, false), move('b', 25, 325, false)]);
    const s = store.getState();
    expect(s.past).toHaveLength(1);
    expect(positionOf(s.nodes, 'b')).toEqual({ x: 25, y: 325 });
    expect(positionOf(s.nodes, 't')).toEqual({ x: 0, y: 0 });
    s.undo();
    expect(positionOf(store.getState().nodes, 'a')).toEqual({ x: 0, y: 150 });
    expect(positionOf(store.getState().nodes, 'b')).toEqual({ x: 0, y: 300 });
  });

  it('keeps the dry-run path and the diagnostics through a drag', () => {
    const { store, onNodesChange } = setUp();
    store.getState().showDryRun(['t', 'a'], ['e1']);
    const { diagnostics } = store.getState();
    onNodesChange([move('a', 50, 150, true)]);
    onNodesChange([move('a', 60, 150, false)]);
    expect(store.getState().dryRun?.nodes.a).toBe(true);
    expect(store.getState().diagnostics).toBe(diagnostics);
  });

  it('drops the dragged copy when the store changes under the drag', () => {
    const { store, shown, onNodesChange } = setUp();
    onNodesChange([move('a', 50, 150, true)]);
    store.getState().updateConfig('b', { score: 'SCORE', delta: 7 });
    onNodesChange([move('a', 60, 150, true)]);
    // The new copy starts from the edited nodes, so the edit is not lost when the drag commits.
    expect(shown.at(-1)?.base).toBe(store.getState().nodes);
    onNodesChange([move('a', 60, 150, false)]);
    const s = store.getState();
    expect(s.nodes.find((n) => n.id === 'b')?.data.config).toEqual({ score: 'SCORE', delta: 7 });
    expect(positionOf(s.nodes, 'a')).toEqual({ x: 60, y: 150 });
  });

  it('passes everything but drag moves straight to the store', () => {
    const { store, shown, onNodesChange } = setUp();
    onNodesChange([move('b', 0, 320, false)]);
    onNodesChange([{ type: 'select', id: 'b', selected: true }]);
    expect(shown).toHaveLength(0);
    expect(positionOf(store.getState().nodes, 'b')).toEqual({ x: 0, y: 320 });
    expect(store.getState().nodes.find((n) => n.id === 'b')?.selected).toBe(true);
  });

  it('moves nothing in a read-only flow', () => {
    const store = createEditorStore(threeStepFlow(), { readOnly: true });
    const shown: Array<DragView | null> = [];
    const onNodesChange = createDragBuffer(store, (v) => shown.push(v));
    onNodesChange([move('a', 50, 150, true)]);
    onNodesChange([move('a', 50, 150, false)]);
    expect(shown).toHaveLength(0);
    expect(positionOf(store.getState().nodes, 'a')).toEqual({ x: 0, y: 150 });
  });
});
