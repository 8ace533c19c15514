import type { FlowStats } from '@scoreflow/api';
import { useEffect, useMemo, useState } from 'react';
import { runsApi } from '../api/runs.js';
import type { NodeBadge } from './badges.js';

/** How often the live canvas asks for fresh counts. */
export const STATS_POLL_MS = 3000;

/**
 * Live counts for an active flow: contacts waiting per node and runs per edge over the last 30 days,
 * polled while `enabled`. A failed poll keeps the last counts (the canvas stays usable offline).
 */
export function useFlowStats(flowId: string, enabled: boolean) {
  const [stats, setStats] = useState<FlowStats | null>(null);
  useEffect(() => {
    if (!enabled) {
      setStats(null);
      return;
    }
    let live = true;
    const poll = async () => {
      try {
        const next = await runsApi.stats(flowId);
        // Same counts as before: keep the old object so nothing on the canvas re-renders.
        if (live) setStats((old) => (old && JSON.stringify(old) === JSON.stringify(next) ? old : next));
      } catch {
        // Keep showing the last counts; the next poll tries again.
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), STATS_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [flowId, enabled]);
  const badges = useMemo(() => waitingBadges(stats), [stats]);
  return { edgeCounts: stats?.edgeCounts, badges };
}

/** One badge per node where contacts are waiting. */
export function waitingBadges(stats: Pick<FlowStats, 'waitingByNode'> | null): Record<string, NodeBadge> {
  const out: Record<string, NodeBadge> = {};
  for (const [nodeId, n] of Object.entries(stats?.waitingByNode ?? {})) {
    if (n > 0)
      out[nodeId] = {
        text: `${n} waiting`,
        title: `${n} contact${n === 1 ? ' is' : 's are'} waiting at this step`,
        tone: 'waiting',
      };
  }
  return out;
}
