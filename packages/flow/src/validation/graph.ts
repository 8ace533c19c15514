import { nodeOutputs, WAIT_NODE_TYPES } from '../catalog.js';
import { type Diagnostic, error, warning } from './diagnostic.js';
import type { GraphEdge } from './edges.js';
import { listNames, sentence } from './names.js';
import type { NodeEntry } from './nodes.js';
import { stronglyConnectedComponents } from './tarjan.js';

function isWait(entry: NodeEntry): boolean {
  return entry.def !== undefined && WAIT_NODE_TYPES.includes(entry.def.type);
}

/**
 * A contact in a loop with no wait would run it forever within one job. There is such a loop exactly
 * when the graph without its wait nodes still has a cycle, so the components are computed on that
 * graph: a component holding a wait elsewhere must not hide a shorter loop that skips it.
 */
export function checkCycles(
  nodes: readonly NodeEntry[],
  edges: readonly GraphEdge[],
  out: Diagnostic[],
): void {
  const position = new Map<NodeEntry, number>();
  nodes.forEach((entry, i) => {
    position.set(entry, i);
  });
  const adjacency: number[][] = nodes.map(() => []);
  const selfLoop = new Set<number>();
  for (const edge of edges) {
    if (isWait(edge.source) || isWait(edge.target)) continue;
    const from = position.get(edge.source);
    const to = position.get(edge.target);
    if (from === undefined || to === undefined) continue;
    adjacency[from]?.push(to);
    if (from === to) selfLoop.add(from);
  }
  const loops = stronglyConnectedComponents(adjacency)
    .filter((c) => c.length > 1 || selfLoop.has(c[0] as number))
    .map((c) => c.sort((a, b) => a - b))
    // Tarjan finds components in reverse topological order; document order reads better.
    .sort((a, b) => (a[0] as number) - (b[0] as number));
  for (const component of loops) {
    const members = component.map((i) => nodes[i]).filter((e): e is NodeEntry => e !== undefined);
    const first = members[0];
    if (first === undefined) continue;
    const what =
      members.length === 1
        ? `${sentence(first.name)} loops back to itself`
        : `${sentence(listNames(members.map((m) => m.name)))} form a loop`;
    out.push(
      error('cycle_without_wait', `${what} without a wait step, so a contact would run it forever`, {
        nodeId: first.node.id,
        path: ['nodes', first.index],
      }),
    );
  }
}

/** Nodes no trigger leads to never run; usually an edge was forgotten. */
export function checkReachability(
  nodes: readonly NodeEntry[],
  edges: readonly GraphEdge[],
  out: Diagnostic[],
): void {
  const next = new Map<NodeEntry, NodeEntry[]>();
  for (const edge of edges) {
    const list = next.get(edge.source);
    if (list === undefined) next.set(edge.source, [edge.target]);
    else list.push(edge.target);
  }
  const triggers = nodes.filter((e) => e.def?.kind === 'trigger');
  // Without a trigger every node is unreachable; no_trigger already says so in one diagnostic.
  if (triggers.length === 0) return;
  const reached = new Set<NodeEntry>(triggers);
  const queue = [...triggers];
  for (let i = 0; i < queue.length; i++) {
    for (const target of next.get(queue[i] as NodeEntry) ?? []) {
      if (reached.has(target)) continue;
      reached.add(target);
      queue.push(target);
    }
  }
  for (const entry of nodes) {
    if (reached.has(entry)) continue;
    out.push(
      warning('unreachable_node', `${sentence(entry.name)} cannot be reached from any trigger`, {
        nodeId: entry.node.id,
        path: ['nodes', entry.index],
      }),
    );
  }
}

/**
 * A branch left open silently ends the run for contacts who take it. Single-output steps may end a
 * flow, but a trigger with nothing after it, a condition branch or a wait-for-event outcome is
 * almost always a mistake.
 */
export function checkOutputs(
  nodes: readonly NodeEntry[],
  edges: readonly GraphEdge[],
  out: Diagnostic[],
): void {
  const used = new Map<NodeEntry, Set<string>>();
  for (const edge of edges) {
    const handles = used.get(edge.source);
    if (handles === undefined) used.set(edge.source, new Set([edge.handle]));
    else handles.add(edge.handle);
  }
  for (const entry of nodes) {
    const def = entry.def;
    const outputs = nodeOutputs(entry.node);
    if (def === undefined || (outputs.length < 2 && def.kind !== 'trigger')) continue;
    for (const handle of outputs) {
      if (used.get(entry)?.has(handle)) continue;
      const message =
        outputs.length === 1
          ? `${sentence(entry.name)} leads nowhere`
          : `The "${handle}" branch of ${entry.name} is not connected`;
      out.push(
        warning('unconnected_output', message, { nodeId: entry.node.id, path: ['nodes', entry.index] }),
      );
    }
  }
}
