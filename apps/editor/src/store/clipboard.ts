import { newId } from './ids.js';
import type { Clip, StepEdge, StepNode } from './types.js';

/** The selected nodes and the edges whose both ends are selected (an edge to outside is not copied). */
export function copySelection(nodes: readonly StepNode[], edges: readonly StepEdge[]): Clip | null {
  const picked = nodes.filter((n) => n.selected);
  if (picked.length === 0) return null;
  const ids = new Set(picked.map((n) => n.id));
  return {
    nodes: picked.map((n) => structuredClone({ ...n, selected: false })),
    edges: edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => ({ ...e, selected: false })),
  };
}

/**
 * Copies of the clip's nodes and edges with fresh ids, moved by `offset`, selected so the user can
 * drag the pasted group at once.
 */
export function instantiateClip(
  clip: Clip,
  existingIds: ReadonlySet<string>,
  offset: number,
): { nodes: StepNode[]; edges: StepEdge[] } {
  const taken = new Set(existingIds);
  const idMap = new Map<string, string>();
  const nodes = clip.nodes.map((n) => {
    const id = newId('n', taken);
    taken.add(id);
    idMap.set(n.id, id);
    const copy: StepNode = structuredClone(n);
    return { ...copy, id, selected: true, position: { x: n.position.x + offset, y: n.position.y + offset } };
  });
  const edges = clip.edges.map((e) => {
    const id = newId('e', taken);
    taken.add(id);
    return { ...e, id, source: idMap.get(e.source) ?? e.source, target: idMap.get(e.target) ?? e.target };
  });
  return { nodes, edges };
}
