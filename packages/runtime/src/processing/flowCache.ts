import type { FlowDocument } from '@scoreflow/flow';
import type { Store } from '@scoreflow/store';

const MAX_ENTRIES = 2_000;

/**
 * Published versions are immutable, so a parsed document can be kept for the life of the process:
 * the hot path of an event then reads no flow JSON from the database.
 */
export function createFlowVersionCache(store: Store) {
  const cache = new Map<string, FlowDocument>();
  return async (flowId: string, version: number): Promise<FlowDocument | undefined> => {
    const key = `${flowId}@${version}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const found = await store.flows.getVersion(flowId, version);
    if (!found) return undefined;
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(key, found.document);
    return found.document;
  };
}

export type FlowVersionCache = ReturnType<typeof createFlowVersionCache>;
