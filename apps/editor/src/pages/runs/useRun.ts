import type { RunDetail } from '@scoreflow/api';
import { useCallback, useEffect, useState } from 'react';
import { runsApi } from '../../api/runs.js';

/** How often an unfinished run is fetched again, so a retried run is seen completing without a reload. */
const POLL_MS: Partial<Record<RunDetail['status'], number>> = { running: 1000, waiting: 5000 };

/** Loads one run with its detail and keeps it fresh while the run is still going. */
export function useRun(id: string) {
  const [run, setRun] = useState<RunDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    try {
      setRun(await runsApi.get(id));
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [id]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const every = run ? POLL_MS[run.status] : undefined;
  useEffect(() => {
    if (every === undefined) return;
    const timer = setInterval(() => void reload(), every);
    return () => clearInterval(timer);
  }, [every, reload]);
  return { run, error, reload };
}
