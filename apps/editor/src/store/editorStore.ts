import { type EmailCatalog, type FlowDocument, getNodeDefinition, isNodeType } from '@scoreflow/flow';
import { applyEdgeChanges, applyNodeChanges } from '@xyflow/react';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { copySelection, instantiateClip } from './clipboard.js';
import { fromDocument, kindOf, toDocument } from './convert.js';
import { diagnose as diagnoseWith } from './diagnostics.js';
import { newId } from './ids.js';
import { noteActions } from './notes.js';
import type { EditorActions, EditorState, Snapshot, StepNode } from './types.js';

const HISTORY_LIMIT = 200;
const PASTE_OFFSET = 40;

export type EditorStore = StoreApi<EditorState & EditorActions>;

const snapshotOf = (s: Snapshot): Snapshot => ({
  nodes: s.nodes,
  edges: s.edges,
  settings: s.settings,
  notes: s.notes,
});

/** The history after recording `s` as a new undo step (a gesture's start, a committed drag). */
const recorded = (s: EditorState) => ({
  past: [...s.past, snapshotOf(s)].slice(-HISTORY_LIMIT),
  future: [],
  mergeKey: null,
});

/** Creates the store for one open flow (a factory: every editor mount gets its own). */
export function createEditorStore(
  doc: FlowDocument,
  options: { readOnly?: boolean; emailCatalog?: EmailCatalog | null } = {},
): EditorStore {
  return createStore<EditorState & EditorActions>()((set, get) => {
    const diagnose = (s: Snapshot) => diagnoseWith(s, options.emailCatalog);
    /**
     * Applies a document edit: records the previous state for undo (unless merged), clears redo,
     * re-runs validation. Returns false (and changes nothing) in read-only mode.
     */
    const edit = (next: Partial<Snapshot>, mergeKey: string | null = null, validate = true): boolean => {
      const s = get();
      if (s.readOnly) return false;
      const merge = mergeKey !== null && mergeKey === s.mergeKey;
      const past = merge ? s.past : [...s.past, snapshotOf(s)].slice(-HISTORY_LIMIT);
      const merged: Snapshot = { ...snapshotOf(s), ...next };
      set({
        ...next,
        past,
        future: [],
        mergeKey,
        revision: s.revision + 1,
        // A highlighted path describes the graph as it was; after an edit it would mislead.
        dryRun: null,
        ...(validate ? diagnose(merged) : {}),
      });
      return true;
    };

    const restore = (target: Snapshot, past: Snapshot[], future: Snapshot[]) => {
      const s = get();
      set({
        ...target,
        past,
        future,
        mergeKey: null,
        revision: s.revision + 1,
        dryRun: null,
        ...diagnose(target),
      });
    };

    const initial = fromDocument(doc);
    return {
      ...initial,
      readOnly: options.readOnly ?? false,
      past: [],
      future: [],
      mergeKey: null,
      clipboard: null,
      pasteCount: 0,
      ...diagnose(initial),
      revision: 0,
      savedRevision: 0,
      dryRun: null,
      ...noteActions(get, set, edit, () => {
        const s = get();
        if (!s.readOnly) set(recorded(s));
      }),

      load(doc, opts = {}) {
        const snap = fromDocument(doc);
        set({
          ...snap,
          readOnly: opts.readOnly ?? false,
          past: [],
          future: [],
          mergeKey: null,
          ...diagnose(snap),
          revision: 0,
          savedRevision: 0,
        });
      },

      onNodesChange(changes) {
        const s = get();
        // Selection and measurement are view state: never undoable, never unsaved changes.
        const docChanges = changes.filter(
          (c) => c.type === 'position' || c.type === 'remove' || c.type === 'add',
        );
        const allowed = s.readOnly
          ? changes.filter((c) => c.type === 'select' || c.type === 'dimensions')
          : changes;
        const nodes = applyNodeChanges(allowed, s.nodes);
        if (docChanges.length === 0 || s.readOnly) {
          set({ nodes });
          return;
        }
        const structural = docChanges.some((c) => c.type !== 'position');
        if (structural) edit({ nodes });
        else set({ nodes, revision: s.revision + 1 });
      },

      onEdgesChange(changes) {
        const s = get();
        const allowed = s.readOnly ? changes.filter((c) => c.type === 'select') : changes;
        const edges = applyEdgeChanges(allowed, s.edges);
        if (allowed.some((c) => c.type !== 'select')) edit({ edges });
        else set({ edges });
      },

      commitDrag(positions) {
        const s = get();
        if (s.readOnly) return;
        const nodes = s.nodes.map((n) => {
          const p = positions[n.id];
          return p && (p.x !== n.position.x || p.y !== n.position.y) ? { ...n, position: p } : n;
        });
        if (nodes.every((n, i) => n === s.nodes[i])) return;
        // Like a drag through onNodesChange: positions neither change diagnostics nor the dry-run path.
        set({ nodes, ...recorded(s), revision: s.revision + 1 });
      },

      connect(c) {
        const s = get();
        if (!c.source || !c.target || c.source === c.target) return;
        const handle = c.sourceHandle ?? null;
        const dup = s.edges.some(
          (e) => e.source === c.source && e.target === c.target && e.sourceHandle === handle,
        );
        if (dup) return;
        const id = newId('e', new Set([...s.nodes.map((n) => n.id), ...s.edges.map((e) => e.id)]));
        edit({ edges: [...s.edges, { id, source: c.source, target: c.target, sourceHandle: handle }] });
      },

      addNode(type, position) {
        const s = get();
        if (s.readOnly || !isNodeType(type)) return null;
        const def = getNodeDefinition(type);
        const id = newId('n', new Set(s.nodes.map((n) => n.id)));
        const node: StepNode = {
          id,
          type: kindOf(type),
          position,
          selected: true,
          data: { type, config: structuredClone(def.defaultConfig) as Record<string, unknown> },
        };
        edit({ nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node] });
        return id;
      },

      updateConfig(nodeId, config, mergeKey) {
        const s = get();
        const nodes = s.nodes.map((n) => (n.id === nodeId ? { ...n, data: { ...n.data, config } } : n));
        edit({ nodes }, mergeKey ? `config:${nodeId}:${mergeKey}` : null);
      },

      updateLabel(nodeId, label) {
        const s = get();
        const nodes = s.nodes.map((n) => {
          if (n.id !== nodeId) return n;
          const { label: _old, ...rest } = n.data;
          return { ...n, data: label.trim() ? { ...rest, label } : rest };
        });
        edit({ nodes }, `label:${nodeId}`);
      },

      updateSettings(settings, mergeKey) {
        edit({ settings }, mergeKey ? `settings:${mergeKey}` : null);
      },

      setPositions(positions) {
        const s = get();
        const nodes = s.nodes.map((n) => {
          const p = positions[n.id];
          return p ? { ...n, position: p } : n;
        });
        edit({ nodes }, null, false);
      },

      selectOnly(nodeId) {
        const s = get();
        set({
          nodes: s.nodes.map((n) => {
            const want = n.id === nodeId;
            return Boolean(n.selected) === want ? n : { ...n, selected: want };
          }),
          edges: s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
          // A note left selected would go too on the next Delete.
          notes: s.notes.map((n) => (n.selected ? { ...n, selected: false } : n)),
        });
      },

      selectAll() {
        const s = get();
        set({
          nodes: s.nodes.map((n) => (n.selected ? n : { ...n, selected: true })),
          edges: s.edges.map((e) => (e.selected ? e : { ...e, selected: true })),
          notes: s.notes.map((n) => (n.selected ? n : { ...n, selected: true })),
        });
      },

      deleteSelection() {
        const s = get();
        const gone = new Set(s.nodes.filter((n) => n.selected).map((n) => n.id));
        const edges = s.edges.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target));
        const notes = s.notes.filter((n) => !n.selected);
        if (gone.size === 0 && edges.length === s.edges.length && notes.length === s.notes.length) return;
        edit({ nodes: s.nodes.filter((n) => !gone.has(n.id)), edges, notes });
      },

      copy() {
        const s = get();
        const clip = copySelection(s.nodes, s.edges);
        if (clip) set({ clipboard: clip, pasteCount: 0 });
      },

      paste() {
        const s = get();
        if (!s.clipboard || s.readOnly) return;
        const count = s.pasteCount + 1;
        const ids = new Set([...s.nodes.map((n) => n.id), ...s.edges.map((e) => e.id)]);
        const added = instantiateClip(s.clipboard, ids, PASTE_OFFSET * count);
        edit({
          nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...added.nodes],
          edges: [...s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)), ...added.edges],
        });
        set({ pasteCount: count });
      },

      duplicate() {
        const s = get();
        const clip = copySelection(s.nodes, s.edges);
        if (!clip || s.readOnly) return;
        const ids = new Set([...s.nodes.map((n) => n.id), ...s.edges.map((e) => e.id)]);
        const added = instantiateClip(clip, ids, PASTE_OFFSET);
        edit({
          nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...added.nodes],
          edges: [...s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)), ...added.edges],
        });
      },

      undo() {
        const s = get();
        const prev = s.past.at(-1);
        if (!prev || s.readOnly) return;
        restore(prev, s.past.slice(0, -1), [snapshotOf(s), ...s.future]);
      },

      redo() {
        const s = get();
        const next = s.future[0];
        if (!next || s.readOnly) return;
        restore(next, [...s.past, snapshotOf(s)], s.future.slice(1));
      },

      showDryRun(nodeIds, edgeIds = []) {
        if (!nodeIds) {
          set({ dryRun: null });
          return;
        }
        const nodes: Record<string, true> = {};
        const edges: Record<string, true> = {};
        for (const id of nodeIds) nodes[id] = true;
        for (const id of edgeIds) edges[id] = true;
        set({ dryRun: { nodes, edges } });
      },

      markSaved(revision) {
        set({ savedRevision: Math.max(get().savedRevision, revision) });
      },

      document() {
        return toDocument(get());
      },
    };
  });
}
