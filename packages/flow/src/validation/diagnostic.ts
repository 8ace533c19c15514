import { z } from 'zod';

/** Every diagnostic code validation can return. These strings are part of the API. */
export const DiagnosticCode = z.enum([
  'invalid_document',
  'no_trigger',
  'duplicate_id',
  'dangling_edge',
  'unknown_handle',
  'unknown_node_type',
  'invalid_config',
  'cycle_without_wait',
  'unreachable_node',
  'unconnected_output',
  'edge_into_trigger',
  'too_many_nodes',
  'too_many_edges',
  'unknown_template',
  'unknown_template_variable',
]);
export type DiagnosticCode = z.infer<typeof DiagnosticCode>;

export const Severity = z.enum(['error', 'warning']);
export type Severity = z.infer<typeof Severity>;

/** A location inside the flow document: ['nodes', 3, 'config', 'delta']. */
export const DocumentPath = z.array(z.union([z.string(), z.number()]));
export type DocumentPath = z.infer<typeof DocumentPath>;

/** One problem found in a flow document. Errors block publishing; warnings do not. */
export const Diagnostic = z.object({
  code: DiagnosticCode,
  severity: Severity,
  message: z.string(),
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  path: DocumentPath.optional(),
});
export type Diagnostic = z.infer<typeof Diagnostic>;

/** Most nodes a flow may have; beyond it the canvas and the engine get slow. */
export const MAX_NODES = 500;
/** Most edges a flow may have. */
export const MAX_EDGES = 2000;

/** Whether any diagnostic is an error (publishing is refused). */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** zod paths may hold symbols; a document path only holds strings and array indexes. */
export function toDocumentPath(path: readonly PropertyKey[]): DocumentPath {
  return path.map((key) => (typeof key === 'number' ? key : String(key)));
}

/** Builds an error diagnostic, leaving out location fields that are not known. */
export function error(
  code: DiagnosticCode,
  message: string,
  where: { nodeId?: string | undefined; edgeId?: string | undefined; path?: DocumentPath | undefined } = {},
): Diagnostic {
  return make(code, 'error', message, where);
}

/** Builds a warning diagnostic. */
export function warning(
  code: DiagnosticCode,
  message: string,
  where: { nodeId?: string | undefined; edgeId?: string | undefined; path?: DocumentPath | undefined } = {},
): Diagnostic {
  return make(code, 'warning', message, where);
}

function make(
  code: DiagnosticCode,
  severity: Severity,
  message: string,
  where: { nodeId?: string | undefined; edgeId?: string | undefined; path?: DocumentPath | undefined },
): Diagnostic {
  const d: Diagnostic = { code, severity, message };
  if (where.nodeId !== undefined) d.nodeId = where.nodeId;
  if (where.edgeId !== undefined) d.edgeId = where.edgeId;
  if (where.path !== undefined) d.path = where.path;
  return d;
}
