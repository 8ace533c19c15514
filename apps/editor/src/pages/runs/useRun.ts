import type { RunDetail } from '@scoreflow/api';
import { useCallback } from 'react';
import { runsApi } from '../../api/runs.js';
import { useEvery, useLoad } from '../../components/useLoad.js';

/** How often an unfinished run is fetched again, so a retried run is seen completing without a reload. */
const POLL_MS: Partial<Record<RunDetail['status'], number>> = { running: 1000, waiting: 5000 };

/** Loads one run with its detail and keeps it fresh while the run is still going. */
export function useRun(id: string) {
  const { data: run, error, reload } = useLoad(useCallback(() => runsApi.get(id), [id]));
  useEvery(run ? POLL_MS[run.status] : undefined, reload);
  return { run, error, reload };
}
