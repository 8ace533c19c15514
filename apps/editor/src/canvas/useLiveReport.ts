import type { FlowReport } from '@scoreflow/api';
import { useEffect, useMemo, useState } from 'react';
import { reportsApi } from '../api/reports.js';
import type { BranchResults } from './branchResults.js';

/**
 * How often the live canvas asks for A/B test results: less often than the waiting counts, as the
 * report reads every entry's score history and conversions move slowly.
 */
export const REPORT_POLL_MS = 12_000;

/**
 * Per-branch results of an active flow's A/B tests, polled while `enabled` (the canvas shows live
 * counts and has an A/B test). A failed poll keeps the last results, as the waiting counts do.
 */
export function useLiveReport(flowId: string, enabled: boolean): Readonly<Record<string, BranchResults>> {
  const [report, setReport] = useState<FlowReport | null>(null);
  useEffect(() => {
    if (!enabled) {
      setReport(null);
      return;
    }
    let live = true;
    const poll = async () => {
      try {
        const next = await reportsApi.tests(flowId);
        // Same numbers as before: keep the old object so the A/B test nodes do not re-render.
        if (live) setReport((old) => (old && JSON.stringify(old) === JSON.stringify(next) ? old : next));
      } catch {
        // Keep showing the last results; the next poll tries again.
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), REPORT_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [flowId, enabled]);
  return useMemo(() => branchResultsOf(report), [report]);
}

/** The report's A/B tests keyed by node id, as the canvas nodes read them. */
export function branchResultsOf(report: FlowReport | null): Record<string, BranchResults> {
  const out: Record<string, BranchResults> = {};
  for (const test of report?.tests ?? [])
    out[test.nodeId] = { branches: test.branches, hasGoal: report?.goal != null };
  return out;
}
