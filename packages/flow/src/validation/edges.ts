import { DEFAULT_HANDLE } from '../define.js';
import type { FlowEdge } from '../document.js';
import { type Diagnostic, error } from './diagnostic.js';
import type { NodeEntry } from './nodes.js';
import type { Indexed } from './parse.js';

/** An edge the graph checks follow: both ends exist and it leaves through a real handle. */
export interface GraphEdge {
  source: NodeEntry;
  target: NodeEntry;
  handle: string;
}

/** The handle an edge leaves from; edges of single-output nodes may omit it. */
export function sourceHandleOf(edge: Pick<FlowEdge, 'sourceHandle'>): string {
  return edge.sourceHandle ?? DEFAULT_HANDLE;
}

function describeOutputs(outputs: readonly string[]): string {
  return outputs.length === 0
    ? 'it has no outputs'
    : `its outputs are ${outputs.map((o) => `"${o}"`).join(', ')}`;
}

/** Checks every edge and returns those the graph checks can use. */
export function checkEdges(
  edges: readonly Indexed<FlowEdge>[],
  nodes: ReadonlyMap<string, NodeEntry>,
  out: Diagnostic[],
): GraphEdge[] {
  const usable: GraphEdge[] = [];
  const seen = new Map<string, number>();
  for (const { value: edge, index } of edges) {
    const edgeId = edge.id;
    const firstIndex = seen.get(edgeId);
    if (firstIndex === undefined) seen.set(edgeId, index);
    else {
      out.push(
        error('duplicate_id', `Edge id "${edgeId}" is already used by edge #${firstIndex + 1}`, {
          edgeId,
          path: ['edges', index, 'id'],
        }),
      );
    }

    const source = nodes.get(edge.source);
    const target = nodes.get(edge.target);
    if (source === undefined) {
      out.push(
        error('dangling_edge', `Edge "${edgeId}" starts at node "${edge.source}", which does not exist`, {
          edgeId,
          path: ['edges', index, 'source'],
        }),
      );
    }
    if (target === undefined) {
      out.push(
        error('dangling_edge', `Edge "${edgeId}" ends at node "${edge.target}", which does not exist`, {
          edgeId,
          path: ['edges', index, 'target'],
        }),
      );
    }

    const handle = sourceHandleOf(edge);
    // Without a definition the handles are unknown; unknown_node_type already covers that node.
    const handleOk = source?.def === undefined || source.def.outputs.includes(handle);
    if (source?.def !== undefined && !handleOk) {
      const named = edge.sourceHandle == null ? 'no output handle' : `output "${handle}"`;
      out.push(
        error(
          'unknown_handle',
          `Edge "${edgeId}" leaves "${source.node.id}" (${source.def.label}) from ${named}, but ${describeOutputs(source.def.outputs)}`,
          { edgeId, nodeId: source.node.id, path: ['edges', index, 'sourceHandle'] },
        ),
      );
    }

    const intoTrigger = target?.def?.kind === 'trigger';
    if (target !== undefined && intoTrigger) {
      out.push(
        error(
          'edge_into_trigger',
          `Edge "${edgeId}" goes into trigger "${target.node.id}"; triggers take no input`,
          {
            edgeId,
            nodeId: target.node.id,
            path: ['edges', index, 'target'],
          },
        ),
      );
    }

    if (source !== undefined && target !== undefined && handleOk && !intoTrigger) {
      usable.push({ source, target, handle });
    }
  }
  return usable;
}
