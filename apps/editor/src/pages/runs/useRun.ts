import { useCallback } from 'react';
import { runsApi } from '../../api/runs.js';
import { useEvery, useLoad } from '../../components/useLoad.js';
import { pollInterval } from './runView.js';

/**
 * Loads one run with its detail and keeps it fresh while it is still going. The last answer stays on
 * screen while the next one loads, so polling never blanks the page.
 */
export function useRun(id: string) {
  const { data: run, error, reload } = useLoad(useCallback(() => runsApi.get(id), [id]));
  useEvery(pollInterval(run), reload);
  return { run, error, reload };
}
