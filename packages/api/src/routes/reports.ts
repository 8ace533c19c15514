import { z } from 'zod';
import { ALL } from '../permissions.js';
import { ok, route } from '../route.js';

const Count = z.number().int().min(0);

/** How a group of entries fared. */
export const ReportCounts = z.object({
  /** Contacts that entered (a support restart is not a new entry). */
  entered: Count,
  /** Entries after which the goal held within the conversion window. */
  converted: Count,
  /** converted / entered, 0..1; null with no entries or no goal. */
  conversionRate: z.number().min(0).max(1).nullable(),
  /** Still inside the flow (running or waiting). */
  active: Count,
  completed: Count,
  /** Left through an exit criterion or an exit step. */
  exited: Count,
  failed: Count,
  cancelled: Count,
});
export type ReportCounts = z.infer<typeof ReportCounts>;

/** The goal the report measures against: the flow's first goal exit criterion. */
export const FlowReportGoal = z.object({
  score: z.string(),
  op: z.enum(['>', '>=', '<', '<=', '==', '!=']),
  value: z.number(),
  conversionDays: z.number().positive(),
  /** "SCORE >= 100 within 30 days" */
  label: z.string(),
});
export type FlowReportGoal = z.infer<typeof FlowReportGoal>;

/** One branch of an A/B test: a variant (A..E) or the holdout. */
export const ReportBranch = z.object({
  /** The output handle (A..E) or "holdout". */
  branch: z.string(),
  /** The variant's name in the latest version that has the test, else the branch. */
  name: z.string(),
  /** The branch's share in that version, percent. */
  percent: z.number().nullable(),
  entered: Count,
  converted: Count,
  conversionRate: z.number().min(0).max(1).nullable(),
  /**
   * conversionRate minus the holdout's, in percentage points; null for the holdout itself, without a
   * holdout entry, or without a goal.
   */
  upliftPoints: z.number().nullable(),
});
export type ReportBranch = z.infer<typeof ReportBranch>;

export const ReportTest = z.object({
  nodeId: z.string(),
  /** The step's name as the canvas shows it. */
  nodeName: z.string(),
  /** Over every version. */
  branches: z.array(ReportBranch),
  /** The same per published version that routed contacts through the test, with that version's names and shares. */
  versions: z.array(z.object({ version: z.number().int(), branches: z.array(ReportBranch) })),
});
export type ReportTest = z.infer<typeof ReportTest>;

export const FlowReport = z.object({
  flowId: z.string(),
  flowName: z.string(),
  /** Null when the flow has no goal exit criterion: the report then counts entries only. */
  goal: FlowReportGoal.nullable(),
  total: ReportCounts,
  versions: z.array(ReportCounts.extend({ version: z.number().int() })),
  /** Every A/B test step of the flow, with its branches. */
  tests: z.array(ReportTest),
});
export type FlowReport = z.infer<typeof FlowReport>;

/** What to compute: everything, or only the A/B tests (what the live canvas shows, at half the cost). */
export const FlowReportQuery = z.object({
  parts: z.enum(['all', 'tests']).default('all').describe('"tests" leaves out the per-version entries'),
});

export const REPORTS = {
  flow: route({
    method: 'get',
    path: '/api/flows/:id/report',
    permission: ALL,
    tag: 'Runs',
    summary: "A flow's entries, goal conversion and A/B test results, per version and per branch",
    query: FlowReportQuery,
    responses: ok('The report', FlowReport),
  }),
};
