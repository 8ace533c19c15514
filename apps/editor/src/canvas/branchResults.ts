import type { ReportBranch } from '@scoreflow/api';
import { createContext, useContext } from 'react';

/** How one A/B test's branches fared, over every version, as the flow report counts them. */
export type BranchResults = {
  branches: readonly ReportBranch[];
  /** Without a goal the report counts entries only, so the node shows no conversion. */
  hasGoal: boolean;
};

/**
 * Results per A/B test node id, supplied by the page around the canvas (the live canvas of an
 * active flow). A context of its own, read only by A/B test nodes, so a new report re-renders them
 * and no other step.
 */
export const BranchResultsContext = createContext<Readonly<Record<string, BranchResults>>>({});

/** The results of one A/B test node, if the report has them. */
export function useBranchResults(nodeId: string): BranchResults | undefined {
  return useContext(BranchResultsContext)[nodeId];
}
