import { createContext, useContext } from 'react';

/** A small marker drawn on a node: contacts waiting there, or where a run stopped. */
export type NodeBadge = { text: string; title: string; tone: 'waiting' | 'failed' | 'count' };

/**
 * Badges per node id, supplied by the page around the canvas (run detail, live stats). A context
 * rather than editor state because they are views of runtime data, never part of the document.
 */
export const NodeBadgesContext = createContext<Readonly<Record<string, NodeBadge>>>({});

/** The badge of one node, if any. */
export function useNodeBadge(id: string): NodeBadge | undefined {
  return useContext(NodeBadgesContext)[id];
}
