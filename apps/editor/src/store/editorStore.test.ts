import { emptyFlowDocument, type FlowDocument, hasErrors } from '@scoreflow/flow';
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
    { name: 'Clicks', reentry: { mode: 'afterExit' } },
  );
}

const configOf = (store: ReturnType<typeof createEditorStore>, id: string) =>
  store.getState().nodes.find((n) => n.id === id)?.data.config;

describe('editor store: history', () => {
  it('undoes and redoes adding a node, a connection and a config change', () => {
    const store = createEditorStore(emptyFlowDocument('New'));
    const s = () => store.getState();
    const t = s().addNode('trigger.event', { x: 0, y: 0 });
    const a = s().addNode('action.adjustScore', { x: 0, y: 150 });
    expect(t && a).toBeTruthy();
    s().connect({ source: t as string, target: a as string, sourceHandle: 'next', targetHandle: null });
    s().updateConfig(a as string, { score: 'SCORE', delta: 25 }, 'delta');
    expect(s().document().edges).toHaveLength(1);
    expect(configOf(store, a as string)).toEqual({ score: 'SCORE', delta: 25 });

    s().undo();
    expect(configOf(store, a as string)).toEqual({ score: 'SCORE', delta: 10 });
    s().undo();
    expect(s().edges).toHaveLength(0);
    s().undo();
    s().undo();
    expect(s().nodes).toHaveLength(0);
    expect(s().past).toHaveLength(0);

    for (let i = 0; i < 4; i++) s().redo();
    expect(s().nodes).toHaveLength(2);
    expect(s().edges).toHaveLength(1);
    expect(configOf(store, a as string)).toEqual({ score: 'SCORE', delta: 25 });
  });

  it('merges consecutive edits of one field into a single undo step', () => {
    const store = createEditorStore(twoStepFlow());
    const s = () => store.getState();
    for (const delta of [1, 12, 123]) s().updateConfig('a', { score: 'SCORE', delta }, 'delta');
    expect(s().past).toHaveLength(1);
    s().updateConfig('a', { score: 'LEAD', delta: 123 }, 'score');
    expect(s().past).toHaveLength(2);
    s().undo();
    expect(configOf(store, 'a')).toEqual({ score: 'SCORE', delta: 123 });
    s().undo();
    expect(configOf(store, 'a')).toEqual({ score: 'SCORE', delta: 10 });
  });

  it('drops the redo stack when a new edit follows an undo', () => {
    const store = createEditorStore(twoStepFlow());
    const s = () => store.getState();
    s().updateConfig('a', { score: 'SCORE', delta: 5 });
    s().undo();
    s().updateConfig('a', { score: 'SCORE', delta: 7 });
    expect(s().future).toHaveLength(0);
    s().redo();
    expect(configOf(store, 'a')).toEqual({ score: 'SCORE', delta: 7 });
  });

  it('makes a whole drag one undo step and does not record selection', () => {
    const store = createEditorStore(twoStepFlow());
    const s = () => store.getState();
    s().onNodesChange([{ type: 'select', id: 'a', selected: true }]);
    expect(s().past).toHaveLength(0);
    s().commitDrag({ a: { x: 30, y: 150 }, t: { x: 0, y: 0 } });
    expect(s().past).toHaveLength(1);
    expect(s().nodes.find((n) => n.id === 't')).toBe(s().past[0]?.nodes[0]);
    s().undo();
    expect(s().nodes.find((n) => n.id === 'a')?.position).toEqual({ x: 0, y: 150 });
    // A drag that ends where it started is no edit.
    s().commitDrag({ a: { x: 0, y: 150 } });
    expect(s().past).toHaveLength(0);
  });

  it('deletes selected nodes with their edges in one step', () => {
    const store = createEditorStore(twoStepFlow());
    const s = () => store.getState();
    s().selectOnly('a');
    s().deleteSelection();
    expect(s().nodes.map((n) => n.id)).toEqual(['t']);
    expect(s().edges).toHaveLength(0);
    s().undo();
    expect(s().nodes).toHaveLength(2);
    expect(s().edges).toHaveLength(1);
  });
});

describe('editor store: clipboard', () => {
  it('pastes copies with new ids, offset, keeping only inner edges, selected', () => {
    const store = createEditorStore(twoStepFlow());
    const s = () => store.getState();
    s().selectAll();
    s().copy();
    s().paste();
    const nodes = s().nodes;
    expect(nodes).toHaveLength(4);
    const pasted = nodes.filter((n) => n.selected);
    expect(pasted).toHaveLength(2);
    expect(pasted.map((n) => n.id)).not.toContain('t');
    expect(pasted.map((n) => n.position)).toEqual([
      { x: 40, y: 40 },
      { x: 40, y: 190 },
    ]);
    const ids = new Set(pasted.map((n) => n.id));
    const newEdges = s().edges.filter((e) => ids.has(e.source));
    expect(newEdges).toHaveLength(1);
    expect(ids.has(newEdges[0]?.target ?? '')).toBe(true);
    // Pasting again moves further so copies do not stack exactly.
    s().paste();
    expect(
      s()
        .nodes.filter((n) => n.selected)
        .map((n) => n.position.x),
    ).toEqual([80, 80]);
  });

  it('does not copy an edge to a node outside the selection; paste is one undo step', () => {
    const store = createEditorStore(twoStepFlow());
    const s = () => store.getState();
    s().selectOnly('a');
    s().copy();
    s().paste();
    expect(s().edges).toHaveLength(1);
    expect(s().nodes).toHaveLength(3);
    s().undo();
    expect(s().nodes).toHaveLength(2);
  });

  it('duplicates the selection without touching the clipboard', () => {
    const store = createEditorStore(twoStepFlow());
    const s = () => store.getState();
    s().selectOnly('t');
    s().duplicate();
    expect(s().clipboard).toBeNull();
    expect(s().nodes).toHaveLength(3);
    const copy = s().nodes.find((n) => n.selected);
    expect(copy?.data).toEqual({ type: 'trigger.event', config: { event: 'email.clicked' } });
    expect(copy?.data).not.toBe(s().nodes[0]?.data);
  });
});

describe('editor store: diagnostics and dirty state', () => {
  it('re-validates on every edit and maps diagnostics to nodes', () => {
    const store = createEditorStore(twoStepFlow());
    const s = () => store.getState();
    expect(hasErrors(s().diagnostics)).toBe(false);
    s().updateConfig('a', { score: 'SCORE' }, 'delta');
    expect(hasErrors(s().diagnostics)).toBe(true);
    expect(s().nodeIssues.a).toBe('error');
    const bad = s().diagnostics.find((d) => d.nodeId === 'a');
    expect(bad?.path?.slice(2)).toEqual(['config', 'delta']);
    s().undo();
    expect(s().nodeIssues.a).toBeUndefined();
  });

  it('reports an unsaved change until the saved revision catches up', () => {
    const store = createEditorStore(twoStepFlow());
    const s = () => store.getState();
    const dirty = () => s().revision > s().savedRevision;
    expect(dirty()).toBe(false);
    s().onNodesChange([{ type: 'select', id: 't', selected: true }]);
    expect(dirty()).toBe(false);
    s().updateConfig('a', { score: 'SCORE', delta: 3 });
    expect(dirty()).toBe(true);
    const saving = s().revision;
    s().updateConfig('a', { score: 'SCORE', delta: 4 });
    s().markSaved(saving);
    expect(dirty()).toBe(true);
    s().markSaved(s().revision);
    expect(dirty()).toBe(false);
  });

  it('refuses edits in read-only mode but still allows selection', () => {
    const store = createEditorStore(twoStepFlow(), { readOnly: true });
    const s = () => store.getState();
    s().updateConfig('a', { score: 'SCORE', delta: 99 });
    s().onNodesChange([{ type: 'select', id: 'a', selected: true }]);
    s().deleteSelection();
    expect(configOf(store, 'a')).toEqual({ score: 'SCORE', delta: 10 });
    expect(s().nodes.find((n) => n.id === 'a')?.selected).toBe(true);
    expect(s().nodes).toHaveLength(2);
  });

  it('round-trips a document through the canvas model', () => {
    const doc = twoStepFlow();
    expect(createEditorStore(doc).getState().document()).toEqual(doc);
  });
});
