import { useCallback, useEffect, useState } from 'react';

/**
 * Data loaded from the API on mount and again whenever `load` changes, so `load` must be stable (a
 * module-level function or a useCallback); a failure is kept as readable text next to the last data.
 */
export function useLoad<T>(load: () => Promise<T>) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    try {
      setData(await load());
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [load]);
  useEffect(() => {
    void reload();
  }, [reload]);
  /** Makes a change through the API and loads again; a failure shows as the error instead. */
  const change = useCallback(
    async (call: () => Promise<unknown>) => {
      try {
        await call();
        await reload();
      } catch (e) {
        setError((e as Error).message);
      }
    },
    [reload],
  );
  return { data, error, setError, reload, change };
}

/** Calls `tick` every `ms` milliseconds; `undefined` stops it (a finished run needs no polling). */
export function useEvery(ms: number | undefined, tick: () => unknown) {
  useEffect(() => {
    if (ms === undefined) return;
    const timer = setInterval(() => void tick(), ms);
    return () => clearInterval(timer);
  }, [ms, tick]);
}
