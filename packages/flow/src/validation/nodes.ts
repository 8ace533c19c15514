import { getNodeDefinition, type NodeDefinition } from '../catalog.js';
import type { FlowNode } from '../document.js';
import { type Diagnostic, error, toDocumentPath } from './diagnostic.js';
import type { Indexed } from './parse.js';

/** A node that the graph checks work on: the first node with its id. */
export interface NodeEntry {
  node: FlowNode;
  index: number;
  /** Undefined for a type the catalog does not know. */
  def: NodeDefinition | undefined;
}

/**
 * Checks ids, types and configs of the nodes and returns them by id. A duplicate id is reported
 * and the later node is left out of the graph checks: edges cannot tell the two apart.
 */
export function checkNodes(nodes: readonly Indexed<FlowNode>[], out: Diagnostic[]): Map<string, NodeEntry> {
  const byId = new Map<string, NodeEntry>();
  for (const { value: node, index } of nodes) {
    const nodeId = node.id;
    const def = getNodeDefinition(node.type);
    const first = byId.get(nodeId);
    if (first === undefined) {
      byId.set(nodeId, { node, index, def });
    } else {
      out.push(
        error('duplicate_id', `Node id "${nodeId}" is already used by node #${first.index + 1}`, {
          nodeId,
          path: ['nodes', index, 'id'],
        }),
      );
    }
    if (def === undefined) {
      out.push(
        error('unknown_node_type', `Unknown node type "${node.type}"`, {
          nodeId,
          path: ['nodes', index, 'type'],
        }),
      );
      continue;
    }
    const parsed = def.configSchema.safeParse(node.config);
    if (parsed.success) continue;
    for (const issue of parsed.error.issues) {
      out.push(
        error('invalid_config', issue.message, {
          nodeId,
          path: ['nodes', index, 'config', ...toDocumentPath(issue.path)],
        }),
      );
    }
  }
  return byId;
}

/** A flow needs a trigger, or nothing ever enters it. */
export function checkHasTrigger(byId: ReadonlyMap<string, NodeEntry>, out: Diagnostic[]): void {
  for (const entry of byId.values()) if (entry.def?.kind === 'trigger') return;
  out.push(
    error('no_trigger', 'The flow has no trigger, so no contact can ever enter it', { path: ['nodes'] }),
  );
}
