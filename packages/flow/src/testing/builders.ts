import { getNodeDefinition } from '../catalog.js';
import type { FlowEdge, FlowNode } from '../document.js';
import type { Diagnostic, DiagnosticCode } from '../validation/diagnostic.js';

// Small builders for tests: documents stay readable and each test states only what it is about.

/** A node at the origin with its type's default config unless one is given. */
export function node(id: string, type: string, config?: Record<string, unknown>): FlowNode {
  const defaults = getNodeDefinition(type)?.defaultConfig as Record<string, unknown> | undefined;
  return { id, type, position: { x: 0, y: 0 }, config: structuredClone(config ?? defaults ?? {}) };
}

export function edge(id: string, source: string, target: string, sourceHandle?: string | null): FlowEdge {
  return sourceHandle === undefined ? { id, source, target } : { id, source, sourceHandle, target };
}

export function doc(nodes: unknown[], edges: unknown[] = []) {
  return { schemaVersion: 1, settings: { name: 'Test flow' }, nodes, edges };
}

export function codes(diagnostics: readonly Diagnostic[]): DiagnosticCode[] {
  return diagnostics.map((d) => d.code);
}

export function withCode(diagnostics: readonly Diagnostic[], code: DiagnosticCode): Diagnostic[] {
  return diagnostics.filter((d) => d.code === code);
}
