// Helpers for the engine's own tests: small documents written as compactly as the flows they test.
import { type FlowDocument, type FlowNode, isNodeType, nodeCatalog } from '@scoreflow/flow';
import type { ContactView, EngineContext, EngineInput, EventView } from './types.js';

/** A node; without a config it gets its type's default config. */
export function node(id: string, type: string, config?: Record<string, unknown>): FlowNode {
  const fallback = isNodeType(type) ? (structuredClone(nodeCatalog[type].defaultConfig) as object) : {};
  return { id, type, position: { x: 0, y: 0 }, config: { ...(config ?? fallback) } };
}

/**
 * A document from nodes and edges written 'source>target' or 'source:handle>target'; the edge id
 * is that string, so a run's `edges` reads like the arrows of the test.
 */
export function flow(nodes: FlowNode[], edges: string[]): FlowDocument {
  return {
    schemaVersion: 1,
    settings: { name: 'test', reentry: { mode: 'always' }, exits: [] },
    nodes,
    edges: edges.map((id) => {
      const [from = '', target = ''] = id.split('>');
      const [source = '', handle] = from.split(':');
      return handle === undefined ? { id, source, target } : { id, source, sourceHandle: handle, target };
    }),
  };
}

export function contact(overrides: Partial<ContactView> = {}): ContactView {
  return {
    id: 'c1',
    email: 'ada@example.com',
    attributes: {},
    scores: {},
    tags: [],
    lists: [],
    engagement: 'neutral',
    ...overrides,
  };
}

export const NOW = Date.UTC(2025, 0, 15, 12);

export function context(overrides: Partial<EngineContext> = {}): EngineContext {
  return { now: NOW, runId: 'run-1', countEvents: () => 0, ...overrides };
}

export function event(type: string, properties: Record<string, unknown> = {}, id = 'ev-1'): EventView {
  return { id, type, properties, occurredAt: NOW };
}

export function start(triggerNodeId = 't', ev?: EventView): EngineInput {
  return ev ? { kind: 'start', triggerNodeId, event: ev } : { kind: 'start', triggerNodeId };
}
