import {
  API,
  type FlowReport,
  type FlowReportGoal,
  FlowReportQuery,
  type ReportBranch,
  type ReportCounts,
  type ReportTest,
} from '@scoreflow/api';
import {
  AB_TEST_HANDLES,
  DEFAULT_CONVERSION_DAYS,
  type FlowDocument,
  HOLDOUT_BRANCH,
  nodeName,
  parseNodeConfig,
} from '@scoreflow/flow';
import type { BranchCount, EntryCount, Store } from '@scoreflow/store';
import type { Router } from 'express';
import { notFound } from '../http/errors.js';
import { guardedRouter } from '../http/guardedRouter.js';
import { parseBody } from '../http/validate.js';

const DAY_MS = 86_400_000;
const AB_TEST = 'control.abTest';

const rate = (converted: number, entered: number, goal: unknown) =>
  goal === null || entered === 0 ? null : converted / entered;

/** The goal the report measures: the flow's first goal exit criterion. */
function goalOf(doc: FlowDocument): FlowReportGoal | null {
  const goal = doc.settings.exits.find((e) => e.kind === 'goal');
  if (goal?.kind !== 'goal') return null;
  const conversionDays = goal.conversionDays ?? DEFAULT_CONVERSION_DAYS;
  return {
    score: goal.score,
    op: goal.op,
    value: goal.value,
    conversionDays,
    label: `${goal.score} ${goal.op} ${goal.value} within ${conversionDays} day${conversionDays === 1 ? '' : 's'}`,
  };
}

function counts(rows: readonly EntryCount[], goal: FlowReportGoal | null): ReportCounts {
  const c = { entered: 0, converted: 0, active: 0, completed: 0, exited: 0, failed: 0, cancelled: 0 };
  for (const row of rows) {
    c.entered += row.count;
    if (row.converted) c.converted += row.count;
    if (row.status === 'running' || row.status === 'waiting') c.active += row.count;
    else c[row.status] += row.count;
  }
  return { ...c, conversionRate: rate(c.converted, c.entered, goal) };
}

/** What an A/B test's config says about one branch: its name and share. */
type BranchInfo = { name: string; percent: number | null };

function branchesOf(doc: FlowDocument | undefined, nodeId: string): Map<string, BranchInfo> | undefined {
  const node = doc?.nodes.find((n) => n.id === nodeId && n.type === AB_TEST);
  if (node === undefined) return undefined;
  const parsed = parseNodeConfig(AB_TEST, node.config);
  if (!parsed.success) return undefined;
  const out = new Map<string, BranchInfo>();
  parsed.data.variants.forEach((v, i) => {
    const handle = AB_TEST_HANDLES[i] as string;
    out.set(handle, { name: v.name ? `${handle}: ${v.name}` : handle, percent: v.percent });
  });
  if (parsed.data.holdout > 0) out.set(HOLDOUT_BRANCH, { name: 'Holdout', percent: parsed.data.holdout });
  return out;
}

function branchRows(
  info: Map<string, BranchInfo>,
  rows: readonly BranchCount[],
  goal: FlowReportGoal | null,
): ReportBranch[] {
  const tally = new Map<string, { entered: number; converted: number }>();
  for (const key of info.keys()) tally.set(key, { entered: 0, converted: 0 });
  for (const row of rows) {
    const t = tally.get(row.branch) ?? { entered: 0, converted: 0 };
    t.entered += row.count;
    if (row.converted) t.converted += row.count;
    tally.set(row.branch, t);
  }
  const holdout = tally.get(HOLDOUT_BRANCH);
  const holdoutRate = holdout ? rate(holdout.converted, holdout.entered, goal) : null;
  const order = [...AB_TEST_HANDLES, HOLDOUT_BRANCH];
  return [...tally.entries()]
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([branch, t]) => {
      const conversionRate = rate(t.converted, t.entered, goal);
      const known = info.get(branch);
      return {
        branch,
        name: known?.name ?? (branch === HOLDOUT_BRANCH ? 'Holdout' : branch),
        percent: known?.percent ?? null,
        entered: t.entered,
        converted: t.converted,
        conversionRate,
        upliftPoints:
          branch === HOLDOUT_BRANCH || conversionRate === null || holdoutRate === null
            ? null
            : Math.round((conversionRate - holdoutRate) * 10_000) / 100,
      };
    });
}

/**
 * The flow report: entries per version with their outcome and goal conversion, and each A/B test's
 * branches. The goal, names and shares come from the latest published version (the draft for a flow
 * never published), so the report speaks of the flow as it runs now.
 */
export async function flowReport(
  store: Store,
  flowId: string,
  parts: 'all' | 'tests' = 'all',
): Promise<FlowReport | undefined> {
  const flow = await store.flows.get(flowId);
  if (!flow) return undefined;
  const versions = (await store.flows.listVersions(flowId)).map((v) => v.version);
  const docs = new Map<number, FlowDocument | undefined>();
  const docOf = async (version: number) => {
    if (!docs.has(version)) docs.set(version, (await store.flows.getVersion(flowId, version))?.document);
    return docs.get(version);
  };
  const current =
    (flow.latestVersion !== null ? await docOf(flow.latestVersion) : undefined) ?? flow.document;
  const goal = goalOf(current);
  const storeGoal = goal
    ? { score: goal.score, op: goal.op, value: goal.value, windowMs: goal.conversionDays * DAY_MS }
    : undefined;

  // The live canvas asks for the tests alone: the entries query is as costly as the branches one.
  const entries = parts === 'tests' ? [] : await store.flowReport.entries(flowId, storeGoal);
  const byVersion = new Map<number, EntryCount[]>();
  for (const row of entries) byVersion.set(row.version, [...(byVersion.get(row.version) ?? []), row]);

  const branchCounts = await store.flowReport.branches(flowId, AB_TEST, storeGoal);
  const testIds = [
    ...new Set([
      ...current.nodes.filter((n) => n.type === AB_TEST).map((n) => n.id),
      ...branchCounts.map((r) => r.nodeId),
    ]),
  ];
  const tests: ReportTest[] = [];
  for (const nodeId of testIds) {
    // The newest version that still has the test names its branches.
    let info = branchesOf(current, nodeId);
    let namedBy: FlowDocument | undefined = info ? current : undefined;
    for (const version of versions) {
      if (info) break;
      const doc = await docOf(version);
      info = branchesOf(doc, nodeId);
      if (info) namedBy = doc;
    }
    const known = info ?? new Map<string, BranchInfo>();
    const rows = branchCounts.filter((r) => r.nodeId === nodeId);
    const testVersions = [...new Set(rows.map((r) => r.version))].sort((a, b) => a - b);
    const versionRows: ReportTest['versions'] = [];
    for (const version of testVersions) {
      // Each version's own names and shares: a version that changed the split reads as it ran.
      const own = branchesOf(await docOf(version), nodeId) ?? known;
      versionRows.push({
        version,
        branches: branchRows(
          own,
          rows.filter((r) => r.version === version),
          goal,
        ),
      });
    }
    tests.push({
      nodeId,
      nodeName: nodeName(namedBy, nodeId, AB_TEST).name,
      branches: branchRows(known, rows, goal),
      versions: versionRows,
    });
  }

  return {
    flowId,
    flowName: flow.name,
    goal,
    total: counts(entries, goal),
    versions: [...byVersion.entries()]
      .sort(([a], [b]) => a - b)
      .map(([version, rows]) => ({ version, ...counts(rows, goal) })),
    tests,
  };
}

export function flowReportRoutes(store: Store): Router {
  const router = guardedRouter();
  router.on(API.reports.flow, async (req, res) => {
    const { parts } = parseBody(FlowReportQuery, req.query, 'query');
    const report = await flowReport(store, req.params.id, parts);
    if (!report) throw notFound(`Flow ${req.params.id}`);
    res.json(report);
  });
  return router.router;
}
