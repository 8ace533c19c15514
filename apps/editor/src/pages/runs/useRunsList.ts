import type { RunPage, RunQuery } from '@scoreflow/api';
import { useCallback, useEffect, useRef, useState } from 'react';
import { runsApi } from '../../api/runs.js';
import { PAGE_SIZE } from './runQuery.js';

/**
 * Loads one page of runs for the query; `reload` refetches after an action changed statuses. Only the
 * latest request may set the page, so a slow answer for an old filter never replaces a newer one.
 */
export function useRunsList(query: RunQuery) {
  const [page, setPage] = useState<RunPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);
  const key = JSON.stringify(query);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the serialized key stands for `query`
  const load = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const next = await runsApi.list({ ...query, limit: PAGE_SIZE });
      if (mine !== seq.current) return;
      setPage(next);
      setError(null);
    } catch (e) {
      if (mine === seq.current) setError((e as Error).message);
    }
  }, [key]);
  useEffect(() => {
    void load();
  }, [load]);
  return { page, error, reload: load };
}
