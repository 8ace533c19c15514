import { getNodeDefinition, type NodeDefinition } from '../catalog.js';
import type { FlowNode } from '../document.js';
import { type Diagnostic, error, toDocumentPath } from './diagnostic.js';
import { plainIssues } from './messages.js';
import { afterColon, nodeNamer, sentence } from './names.js';
import type { Indexed } from './parse.js';

/** A node that the graph checks work on: the first node with its id. */
export interface NodeEntry {
  node: FlowNode;
  index: number;
  /** Undefined for a type the catalog does not know. */
  def: NodeDefinition | undefined;
  /** How messages name it: `Event trigger "Link clicked"`, `the Wait step`. */
  name: string;
}

/** A config's problems in plain words, with paths inside the config; the config form shows these. */
export function configIssues(
  type: string,
  config: unknown,
): { path: (string | number)[]; message: string }[] {
  const def = getNodeDefinition(type);
  if (def === undefined) return [];
  return plainIssues(def.configSchema, config).map((issue) => ({
    path: toDocumentPath(issue.path),
    message: issue.message,
  }));
}

/**
 * Checks ids, types and configs of the nodes and returns them by id. A duplicate id is reported
 * and the later node is left out of the graph checks: edges cannot tell the two apart.
 */
export function checkNodes(nodes: readonly Indexed<FlowNode>[], out: Diagnostic[]): Map<string, NodeEntry> {
  const byId = new Map<string, NodeEntry>();
  const nameOf = nodeNamer(
    nodes.map((n) => n.value),
    (type) => getNodeDefinition(type),
  );
  for (const { value: node, index } of nodes) {
    const nodeId = node.id;
    const def = getNodeDefinition(node.type);
    const name = nameOf(node);
    const first = byId.get(nodeId);
    if (first === undefined) {
      byId.set(nodeId, { node, index, def, name });
    } else {
      out.push(
        error('duplicate_id', `${sentence(name)} has the same id as ${first.name}; ids must be unique`, {
          nodeId,
          path: ['nodes', index, 'id'],
        }),
      );
    }
    if (def === undefined) {
      out.push(
        error(
          'unknown_node_type',
          `${sentence(name)} has a type this version of Scoreflow does not know ("${node.type}")`,
          { nodeId, path: ['nodes', index, 'type'] },
        ),
      );
      continue;
    }
    for (const issue of configIssues(node.type, node.config)) {
      out.push(
        error('invalid_config', `${sentence(name)}: ${afterColon(issue.message)}`, {
          nodeId,
          path: ['nodes', index, 'config', ...issue.path],
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
