import type { FlowStats } from '@scoreflow/api';
import { useEffect, useMemo, useState } from 'react';
import { runsApi } from '../api/runs.js';
import { mergeBadges, type NodeBadge } from './badges.js';

/** How often the live canvas asks for fresh counts. */
export const STATS_POLL_MS = 3000;

/**
 * Live counts for an active flow: contacts waiting per node, runs per edge and sends frequency caps
 * held back per Send email step over the last 30 days,
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
  const badges = useMemo(() => mergeBadges(waitingBadges(stats), cappedBadges(stats)), [stats]);
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

/** One badge per Send email step where frequency caps held sends back, with the split in its title. */
export function cappedBadges(stats: Pick<FlowStats, 'cappedByNode'> | null): Record<string, NodeBadge> {
  const out: Record<string, NodeBadge> = {};
  for (const [nodeId, { skipped, postponed }] of Object.entries(stats?.cappedByNode ?? {})) {
    const n = skipped + postponed;
    if (n > 0)
      out[nodeId] = {
        text: `${n} held back`,
        title: `${skipped} skipped, ${postponed} postponed by frequency caps in the last 30 days`,
        tone: 'capped',
      };
  }
  return out;
}
