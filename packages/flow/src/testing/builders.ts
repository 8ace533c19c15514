import { getNodeDefinition } from '../catalog.js';
import type { FlowDocument, FlowEdge, FlowNode, FlowSettings } from '../document.js';
import type { Diagnostic, DiagnosticCode } from '../validation/diagnostic.js';

// The flow-document builders of every package's tests (exported as @scoreflow/flow/testing): documents
// stay readable and each test states only what it is about.

/** A node at the origin, or at `position`, with its type's default config unless one is given. */
export function node(
  id: string,
  type: string,
  config?: Record<string, unknown>,
  position: FlowNode['position'] = { x: 0, y: 0 },
): FlowNode {
  const defaults = getNodeDefinition(type)?.defaultConfig as Record<string, unknown> | undefined;
  return { id, type, position: { ...position }, config: structuredClone(config ?? defaults ?? {}) };
}

export function edge(id: string, source: string, target: string, sourceHandle?: string | null): FlowEdge {
  return sourceHandle === undefined ? { id, source, target } : { id, source, sourceHandle, target };
}

/** A document of anything, for validation tests that hand it bad nodes and edges. */
export function doc(nodes: unknown[], edges: unknown[] = []) {
  return { schemaVersion: 1, settings: { name: 'Test flow' }, nodes, edges };
}

/** An edge written 'source>target' or 'source:handle>target', with that string as its id. */
function arrow(id: string): FlowEdge {
  const [from = '', target = ''] = id.split('>');
  const [source = '', handle] = from.split(':');
  return handle === undefined ? { id, source, target } : { id, source, sourceHandle: handle, target };
}

/**
 * A valid-shaped document from nodes and edges written as arrows (see `arrow`), so a run's `edges`
 * reads like the arrows of the test, or as edges when their ids matter (see `edge`); it re-enters
 * every time unless `settings` say otherwise.
 */
export function flow(
  nodes: FlowNode[],
  edges: readonly (string | FlowEdge)[] = [],
  settings: Partial<FlowSettings> = {},
): FlowDocument {
  return {
    schemaVersion: 1,
    settings: { name: 'test', reentry: { mode: 'always' }, exits: [], ...settings },
    nodes,
    edges: edges.map((e) => (typeof e === 'string' ? arrow(e) : e)),
  };
}

export function codes(diagnostics: readonly Diagnostic[]): DiagnosticCode[] {
  return diagnostics.map((d) => d.code);
}

export function withCode(diagnostics: readonly Diagnostic[], code: DiagnosticCode): Diagnostic[] {
  return diagnostics.filter((d) => d.code === code);
}
