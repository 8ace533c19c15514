import type { z } from 'zod';
import { getNodeDefinition } from '../catalog.js';
import { FlowDocument, FlowEdge, FlowNode } from '../document.js';
import { type Diagnostic, error, toDocumentPath } from './diagnostic.js';
import { plainError } from './messages.js';
import { migrateDocument } from './migrate.js';
import { afterColon, typeDisplayName } from './names.js';

/** An element of the document together with its index in the document's array. */
export interface Indexed<T> {
  value: T;
  index: number;
}

/** What could be read from a document, valid or not. */
export interface ReadDocument {
  /** The whole document, when its shape is valid. */
  document: FlowDocument | undefined;
  /** Nodes and edges that have a valid shape, even when the document as a whole does not. */
  nodes: Indexed<FlowNode>[];
  edges: Indexed<FlowEdge>[];
  /** Whether the input has a `nodes` array at all; without one, graph-level checks say nothing useful. */
  hasNodeList: boolean;
  /** Array lengths as sent, for the size limits. */
  nodeCount: number;
  edgeCount: number;
  diagnostics: Diagnostic[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function indexedOk<T>(items: unknown[], schema: z.ZodType<T>): Indexed<T>[] {
  const parsed: Indexed<T>[] = [];
  items.forEach((item, index) => {
    const result = schema.safeParse(item);
    if (result.success) parsed.push({ value: result.data, index });
  });
  return parsed;
}

/** The id of the raw node or edge a zod issue points into, so the editor can mark it. */
function ownerIds(
  raw: Record<string, unknown>,
  path: readonly PropertyKey[],
): Pick<Diagnostic, 'nodeId' | 'edgeId'> {
  const [collection, index] = path;
  if ((collection !== 'nodes' && collection !== 'edges') || typeof index !== 'number') return {};
  const list = raw[collection];
  const item: unknown = Array.isArray(list) ? list[index] : undefined;
  const id = isRecord(item) ? item.id : undefined;
  if (typeof id !== 'string') return {};
  return collection === 'nodes' ? { nodeId: id } : { edgeId: id };
}

/** Which step a shape problem is in, as far as the raw node says: `Adjust score "Clicked": `. */
function ownerName(raw: Record<string, unknown>, path: readonly PropertyKey[]): string {
  const [collection, index] = path;
  if (collection !== 'nodes' || typeof index !== 'number' || !Array.isArray(raw.nodes)) return '';
  const item: unknown = raw.nodes[index];
  if (!isRecord(item)) return `Step ${index + 1}: `;
  const def = typeof item.type === 'string' ? getNodeDefinition(item.type) : undefined;
  const typeName = typeDisplayName(def);
  const label = typeof item.label === 'string' ? item.label.trim() : '';
  return label ? `${typeName} "${label}": ` : `${typeName} (step ${index + 1}): `;
}

function readUnsafe(input: unknown): ReadDocument {
  const diagnostics: Diagnostic[] = [];
  const migrated = migrateDocument(input);
  const value = migrated.ok ? migrated.value : input;
  if (!migrated.ok) diagnostics.push(migrated.diagnostic);
  const raw = isRecord(value) ? value : {};
  const rawNodes = Array.isArray(raw.nodes) ? (raw.nodes as unknown[]) : [];
  const rawEdges = Array.isArray(raw.edges) ? (raw.edges as unknown[]) : [];
  const counts = {
    hasNodeList: Array.isArray(raw.nodes),
    nodeCount: rawNodes.length,
    edgeCount: rawEdges.length,
  };

  const result = FlowDocument.safeParse(value, { error: plainError });
  if (result.success && migrated.ok) {
    const { nodes, edges } = result.data;
    return {
      document: result.data,
      nodes: nodes.map((node, index) => ({ value: node, index })),
      edges: edges.map((edge, index) => ({ value: edge, index })),
      ...counts,
      diagnostics,
    };
  }
  for (const issue of result.error?.issues ?? []) {
    // The version problem is already reported with a better message than "expected 1".
    if (!migrated.ok && issue.path[0] === 'schemaVersion') continue;
    const owner = ownerName(raw, issue.path);
    diagnostics.push(
      error('invalid_document', `${owner}${owner ? afterColon(issue.message) : issue.message}`, {
        ...ownerIds(raw, issue.path),
        path: toDocumentPath(issue.path),
      }),
    );
  }
  // Keep going with the parts that parse, so one bad node does not hide the rest of the problems.
  return {
    document: undefined,
    nodes: indexedOk(rawNodes, FlowNode),
    edges: indexedOk(rawEdges, FlowEdge),
    ...counts,
    diagnostics,
  };
}

/** Reads a document as far as it can; never throws, whatever the input. */
export function readDocument(input: unknown): ReadDocument {
  try {
    return readUnsafe(input);
  } catch (cause) {
    // Only exotic inputs get here (throwing getters, proxies); report rather than crash a request.
    const detail = cause instanceof Error ? cause.message : 'unreadable value';
    return {
      document: undefined,
      nodes: [],
      edges: [],
      hasNodeList: false,
      nodeCount: 0,
      edgeCount: 0,
      diagnostics: [error('invalid_document', `The document could not be read: ${detail}`, { path: [] })],
    };
  }
}

/**
 * Checks the document shape (and migrates older schema versions); the graph itself is not
 * validated. Drafts are stored when this succeeds, even with graph errors.
 */
export function parseFlowDocument(
  input: unknown,
): { ok: true; document: FlowDocument } | { ok: false; diagnostics: Diagnostic[] } {
  const read = readDocument(input);
  if (read.document !== undefined && read.diagnostics.length === 0)
    return { ok: true, document: read.document };
  return { ok: false, diagnostics: read.diagnostics };
}
