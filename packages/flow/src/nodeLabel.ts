import { getNodeDefinition } from './catalog.js';
import type { FlowDocument } from './document.js';

/**
 * A node as people name it: its own label (when set) and its type's label from the catalog. Screens
 * show this pair ("Call the CRM (Webhook)"); problems name steps inside sentences through
 * validation/names.ts (`Webhook "Call the CRM"`, or "the second Add tag step from the top").
 */
export interface NodeName {
  /** The node's label, else its type's label, else its id: never empty. */
  name: string;
  /** The node type's label ("Webhook"), or the raw type for a type the catalog does not know. */
  typeLabel: string;
  /** Both in one phrase: "Call the CRM (Webhook)", or "Webhook" when the node has no label of its own. */
  text: string;
}

/** The catalog's label of a node type, or the type itself when the catalog does not know it. */
export function nodeTypeLabel(type: string): string {
  return getNodeDefinition(type)?.label ?? type;
}

/**
 * Names a node of a flow version for messages and support screens. `fallbackType` is used when the
 * node is no longer in the document (a step of a version that was replaced), so the type still shows.
 */
export function nodeName(
  doc: Pick<FlowDocument, 'nodes'> | null | undefined,
  nodeId: string,
  fallbackType?: string,
): NodeName {
  const node = doc?.nodes.find((n) => n.id === nodeId);
  const type = node?.type ?? fallbackType;
  const typeLabel = type === undefined ? 'Step' : nodeTypeLabel(type);
  const own = node?.label?.trim();
  if (own && own !== typeLabel) return { name: own, typeLabel, text: `${own} (${typeLabel})` };
  if (node) return { name: typeLabel, typeLabel, text: typeLabel };
  // Not in the document: the id is all that is left to tell two such steps apart.
  return { name: `${typeLabel} ${nodeId}`, typeLabel, text: `${typeLabel} ${nodeId}` };
}
