// Helpers for the engine's own tests: contacts, contexts, events and inputs. Documents come from the
// shared builders, written as compactly as the flows they test.
import type { ContactView, EngineContext, EngineInput, EventView } from './types.js';

export { edge, flow, node } from '@scoreflow/flow/testing';

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
  return { now: NOW, flowId: 'flow-1', countEvents: () => 0, ...overrides };
}

export function event(type: string, properties: Record<string, unknown> = {}, id = 'ev-1'): EventView {
  return { id, type, properties, occurredAt: NOW };
}

export function start(triggerNodeId = 't', ev?: EventView): EngineInput {
  return ev ? { kind: 'start', triggerNodeId, event: ev } : { kind: 'start', triggerNodeId };
}
