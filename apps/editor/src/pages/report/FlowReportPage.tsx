import type { FlowReport, ReportCounts } from '@scoreflow/api';
import { useCallback } from 'react';
import { Link } from 'wouter';
import { reportsApi } from '../../api/reports.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { formatCount } from '../../components/format.js';
import { LoadFailed, Loading } from '../../components/LoadFailed.js';
import { formatRate } from '../../components/rates.js';
import { Table } from '../../components/Table.js';
import { useLoad } from '../../components/useLoad.js';
import { AbTestCard } from './AbTestCard.js';
import '../support.css';
import './report.css';

/** The outcome columns every row of counts shows, in order. */
const OUTCOMES: { key: keyof Omit<ReportCounts, 'conversionRate'>; label: string }[] = [
  { key: 'active', label: 'Active' },
  { key: 'completed', label: 'Completed' },
  { key: 'exited', label: 'Exited' },
  { key: 'failed', label: 'Failed' },
  { key: 'cancelled', label: 'Cancelled' },
];

/** A flow's report: its goal, how its entries fared per version, and each A/B test's branches. */
export function FlowReportPage({ flowId }: { flowId: string }) {
  const { data: report, error, reload } = useLoad(useCallback(() => reportsApi.flow(flowId), [flowId]));
  if (error && !report)
    return <LoadFailed title="Cannot open this report" error={error} back={['/', 'Back to flows']} />;
  if (!report) return <Loading />;
  const hasGoal = report.goal !== null;
  return (
    <div className="page wide flow-report">
      <header className="page-header">
        <div>
          <nav className="muted small" aria-label="Breadcrumb">
            <Link href="/">Flows</Link> / <Link href={`/flows/${flowId}`}>{report.flowName}</Link>
          </nav>
          <h1>Report: {report.flowName}</h1>
        </div>
        <div className="toolbar">
          <Link href={`/runs?flowId=${encodeURIComponent(flowId)}`}>Runs of this flow</Link>
          <Link href={`/flows/${flowId}`}>Open the flow</Link>
          <button type="button" onClick={() => void reload()}>
            Refresh
          </button>
        </div>
      </header>
      <ErrorBanner error={error} />
      <Goal report={report} />
      <Totals counts={report.total} hasGoal={hasGoal} />
      <section className="card" aria-labelledby="report-versions">
        <h2 id="report-versions">Per version</h2>
        {report.versions.length === 0 ? (
          <p className="muted">No contact has entered this flow yet.</p>
        ) : (
          <Table
            className="flows-table report-table"
            testId="versions-table"
            columns={['Version', 'Entered', 'Converted', 'Conversion', ...OUTCOMES.map((o) => o.label)]}
          >
            {report.versions.map((v) => (
              <tr key={v.version} data-testid="version-row" data-version={v.version}>
                <th scope="row">
                  <Link href={`/flows/${flowId}/versions/${v.version}`}>v{v.version}</Link>
                </th>
                <CountCells counts={v} hasGoal={hasGoal} />
              </tr>
            ))}
          </Table>
        )}
      </section>
      {report.tests.length === 0 ? (
        <p className="muted small">
          This flow has no A/B test. An A/B test step splits contacts between variants and a holdout, and its
          results show here.
        </p>
      ) : (
        report.tests.map((t) => <AbTestCard key={t.nodeId} test={t} hasGoal={hasGoal} />)
      )}
    </div>
  );
}

function Goal({ report }: { report: FlowReport }) {
  if (report.goal)
    return (
      <p className="report-goal" data-testid="report-goal">
        <strong>Goal:</strong> {report.goal.label}
      </p>
    );
  return (
    <div className="banner info report-goal" data-testid="report-goal">
      This flow has no goal, so only entries are counted. To measure conversion, add a goal exit (Exit
      criteria, “+ Goal exit”) in the <Link href={`/flows/${report.flowId}`}>flow’s settings</Link>.
    </div>
  );
}

function Totals({ counts, hasGoal }: { counts: ReportCounts; hasGoal: boolean }) {
  const items: [string, string][] = [
    ['Entered', formatCount(counts.entered)],
    ['Converted', hasGoal ? formatCount(counts.converted) : '—'],
    ['Conversion', formatRate(counts.conversionRate)],
    ...OUTCOMES.map((o): [string, string] => [o.label, formatCount(counts[o.key])]),
  ];
  return (
    <dl className="report-totals" data-testid="report-totals" aria-label="All versions">
      {items.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function CountCells({ counts, hasGoal }: { counts: ReportCounts; hasGoal: boolean }) {
  return (
    <>
      <td className="num">{formatCount(counts.entered)}</td>
      <td className="num">{hasGoal ? formatCount(counts.converted) : '—'}</td>
      <td className="num">{formatRate(counts.conversionRate)}</td>
      {OUTCOMES.map((o) => (
        <td key={o.key} className="num">
          {formatCount(counts[o.key])}
        </td>
      ))}
    </>
  );
}
