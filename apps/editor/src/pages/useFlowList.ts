import type { FlowSummary } from '@scoreflow/api';
import { flowsApi } from '../api/flows.js';
import { useLoad } from '../components/useLoad.js';

/** Most recently edited first. */
async function listFlows(): Promise<FlowSummary[]> {
  const items = await flowsApi.list();
  return items.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

/** Loads the flow list and reloads it on demand; errors are kept as readable text. */
export function useFlowList() {
  const { data: flows, ...rest } = useLoad(listFlows);
  return { flows, ...rest };
}
