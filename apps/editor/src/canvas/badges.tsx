import { createContext, useContext } from 'react';

/** A small marker drawn on a node: contacts waiting there, where a run stopped, sends held back. */
export type NodeBadge = { text: string; title: string; tone: 'waiting' | 'failed' | 'count' | 'capped' };

/** The badges of every node, by node id; a node may carry several (waiting and held back). */
export type NodeBadges = Readonly<Record<string, readonly NodeBadge[]>>;

/**
 * Badges per node id, supplied by the page around the canvas (run detail, live stats). A context
 * rather than editor state because they are views of runtime data, never part of the document.
 */
export const NodeBadgesContext = createContext<NodeBadges>({});

const NONE: readonly NodeBadge[] = [];

/** The badges of one node, in the order they are drawn; the same empty list when there are none. */
export function useNodeBadges(id: string): readonly NodeBadge[] {
  return useContext(NodeBadgesContext)[id] ?? NONE;
}

/** Sets of one badge per node, put together: a node in several sets gets each of its badges. */
export function mergeBadges(...sets: readonly Readonly<Record<string, NodeBadge>>[]): NodeBadges {
  const out: Record<string, NodeBadge[]> = {};
  for (const set of sets)
    for (const [id, badge] of Object.entries(set)) out[id] = [...(out[id] ?? []), badge];
  return out;
}
