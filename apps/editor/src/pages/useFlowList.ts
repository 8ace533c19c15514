import type { FlowSummary } from '@scoreflow/api';
import { useCallback, useEffect, useState } from 'react';
import { flowsApi } from '../api/flows.js';

/** Loads the flow list and reloads it on demand; errors are kept as readable text. */
export function useFlowList() {
  const [flows, setFlows] = useState<FlowSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    try {
      const items = await flowsApi.list();
      items.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
      setFlows(items);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { flows, error, setError, reload };
}
