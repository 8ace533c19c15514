import { type Diagnostic, error, MAX_EDGES, MAX_NODES } from './diagnostic.js';
import { checkEdges } from './edges.js';
import { checkCycles, checkOutputs, checkReachability } from './graph.js';
import { checkHasTrigger, checkNodes } from './nodes.js';
import { readDocument } from './parse.js';

/**
 * Every problem of a flow document, errors and warnings, in one pass. Never throws: a bad
 * document is answered with all its diagnostics, not the first one. Shape problems do not stop
 * the graph checks on the nodes and edges that do parse.
 */
export function validateFlow(input: unknown): Diagnostic[] {
  const read = readDocument(input);
  const out = [...read.diagnostics];
  try {
    if (read.nodeCount > MAX_NODES) {
      out.push(
        error('too_many_nodes', `The flow has ${read.nodeCount} nodes; at most ${MAX_NODES} are allowed`, {
          path: ['nodes'],
        }),
      );
    }
    if (read.edgeCount > MAX_EDGES) {
      out.push(
        error('too_many_edges', `The flow has ${read.edgeCount} edges; at most ${MAX_EDGES} are allowed`, {
          path: ['edges'],
        }),
      );
    }
    const byId = checkNodes(read.nodes, out);
    if (read.hasNodeList) checkHasTrigger(byId, out);
    const edges = checkEdges(read.edges, byId, out);
    const nodes = [...byId.values()];
    checkCycles(nodes, edges, out);
    checkReachability(nodes, edges, out);
    checkOutputs(nodes, edges, out);
  } catch (cause) {
    // A bug here must not turn a publish into a 500; report it as a blocking diagnostic instead.
    const detail = cause instanceof Error ? cause.message : 'unexpected failure';
    out.push(error('invalid_document', `The flow could not be fully validated: ${detail}`, { path: [] }));
  }
  return out;
}
