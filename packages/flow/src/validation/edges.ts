import { nodeOutputs } from '../catalog.js';
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

function describeEdge(source: NodeEntry | undefined, target: NodeEntry | undefined): string {
  if (source !== undefined && target !== undefined)
    return `The connection from ${source.name} to ${target.name}`;
  if (source !== undefined) return `A connection from ${source.name}`;
  if (target !== undefined) return `A connection into ${target.name}`;
  return 'A connection';
}

/** Checks every edge and returns those the graph checks can use. */
export function checkEdges(
  edges: readonly Indexed<FlowEdge>[],
  nodes: ReadonlyMap<string, NodeEntry>,
  out: Diagnostic[],
): GraphEdge[] {
  const usable: GraphEdge[] = [];
  const seen = new Set<string>();
  for (const { value: edge, index } of edges) {
    const edgeId = edge.id;
    const source = nodes.get(edge.source);
    const target = nodes.get(edge.target);
    if (!seen.has(edgeId)) seen.add(edgeId);
    else {
      out.push(
        error('duplicate_id', `${describeEdge(source, target)} has the same id as another connection`, {
          edgeId,
          path: ['edges', index, 'id'],
        }),
      );
    }

    if (source === undefined) {
      out.push(
        error(
          'dangling_edge',
          `A connection${target ? ` into ${target.name}` : ''} starts at a step that does not exist`,
          {
            edgeId,
            path: ['edges', index, 'source'],
          },
        ),
      );
    }
    if (target === undefined) {
      out.push(
        error(
          'dangling_edge',
          `A connection${source ? ` from ${source.name}` : ''} ends at a step that does not exist`,
          {
            edgeId,
            path: ['edges', index, 'target'],
          },
        ),
      );
    }

    const handle = sourceHandleOf(edge);
    // Without a definition the handles are unknown; unknown_node_type already covers that node.
    const outputs = source?.def === undefined ? [] : nodeOutputs(source.node);
    const handleOk = source?.def === undefined || outputs.includes(handle);
    if (source?.def !== undefined && !handleOk) {
      const named = edge.sourceHandle == null ? 'no output handle' : `output "${handle}"`;
      out.push(
        error(
          'unknown_handle',
          `A connection leaves ${source.name} from ${named}, but ${describeOutputs(outputs)}`,
          { edgeId, nodeId: source.node.id, path: ['edges', index, 'sourceHandle'] },
        ),
      );
    }

    const intoTrigger = target?.def?.kind === 'trigger';
    if (target !== undefined && intoTrigger) {
      out.push(
        error('edge_into_trigger', `A connection goes into ${target.name}; triggers take no input`, {
          edgeId,
          nodeId: target.node.id,
          path: ['edges', index, 'target'],
        }),
      );
    }

    if (source !== undefined && target !== undefined && handleOk && !intoTrigger) {
      usable.push({ source, target, handle });
    }
  }
  return usable;
}
