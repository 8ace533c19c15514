import { DEFAULT_HANDLE, type FlowDocument, type FlowEdge, type FlowNode } from '@scoreflow/flow';

/** Nodes by id and outgoing edges by (source, handle), in document order. */
export class FlowGraph {
  private readonly nodes = new Map<string, FlowNode>();
  private readonly outgoing = new Map<string, Map<string, FlowEdge[]>>();

  constructor(doc: FlowDocument) {
    for (const node of doc.nodes) {
      // Duplicate ids are a validation error; the first one wins so lookups stay stable.
      if (!this.nodes.has(node.id)) this.nodes.set(node.id, node);
    }
    for (const edge of doc.edges) {
      const handle = edge.sourceHandle ?? DEFAULT_HANDLE;
      let byHandle = this.outgoing.get(edge.source);
      if (!byHandle) {
        byHandle = new Map();
        this.outgoing.set(edge.source, byHandle);
      }
      const list = byHandle.get(handle);
      if (list) list.push(edge);
      else byHandle.set(handle, [edge]);
    }
  }

  node(id: string): FlowNode | undefined {
    return this.nodes.get(id);
  }

  /** The edges leaving `nodeId` on `handle`; an edge without a handle leaves on 'next'. */
  edgesFrom(nodeId: string, handle: string): readonly FlowEdge[] {
    return this.outgoing.get(nodeId)?.get(handle) ?? [];
  }
}
