import type { ReportBranch, ReportTest } from '@scoreflow/api';
import { HOLDOUT_BRANCH } from '@scoreflow/flow';
import { useId, useState } from 'react';
import { formatCount } from '../../components/format.js';
import { formatPoints, formatRate, formatShare } from '../../components/rates.js';
import { Table } from '../../components/Table.js';

type Props = { test: ReportTest; hasGoal: boolean };

/** One A/B test of the report: its branches over every version, or over the one chosen. */
export function AbTestCard({ test, hasGoal }: Props) {
  const selectId = useId();
  const [version, setVersion] = useState<number | 'all'>('all');
  const branches: readonly ReportBranch[] =
    version === 'all' ? test.branches : (test.versions.find((v) => v.version === version)?.branches ?? []);
  const hasHoldout = branches.some((b) => b.branch === HOLDOUT_BRANCH);
  // Uplift compares conversion, which needs a goal; without a holdout there is nothing to compare with.
  const showUplift = hasGoal && hasHoldout;
  const entered = branches.reduce((n, b) => n + b.entered, 0);
  const dash = (text: string) => (hasGoal ? text : '—');
  return (
    <section className="card report-test" data-testid="ab-test-report" aria-labelledby={`${selectId}-title`}>
      <header className="report-test-head">
        <h2 id={`${selectId}-title`}>{test.nodeName}</h2>
        <label htmlFor={selectId} className="report-version">
          Version{' '}
          <select
            id={selectId}
            value={String(version)}
            onChange={(e) => setVersion(e.target.value === 'all' ? 'all' : Number(e.target.value))}
          >
            <option value="all">All versions</option>
            {test.versions.map((v) => (
              <option key={v.version} value={v.version}>
                v{v.version}
              </option>
            ))}
          </select>
        </label>
      </header>
      {entered === 0 && (
        <p className="muted small">
          {version === 'all'
            ? 'No contact has reached this test yet.'
            : `No contact reached this test in version ${version}.`}
        </p>
      )}
      <Table
        className="flows-table report-table"
        testId="branches-table"
        columns={[
          'Branch',
          <th
            key="share"
            scope="col"
            title={
              version === 'all'
                ? 'The share set in the latest version with this test'
                : `The share set in version ${version}`
            }
          >
            Share
          </th>,
          'Entered',
          'Converted',
          'Conversion',
          ...(showUplift ? ['Uplift vs holdout'] : []),
        ]}
      >
        {branches.map((b) => (
          <tr key={b.branch} data-testid="branch-row" data-branch={b.branch}>
            <th scope="row" className="report-branch">
              {b.name}
            </th>
            <td className="num">{formatShare(b.percent)}</td>
            <td className="num" data-testid="branch-entered">
              {formatCount(b.entered)}
            </td>
            <td className="num" data-testid="branch-converted">
              {dash(formatCount(b.converted))}
            </td>
            <td className="num" data-testid="branch-conversion">
              {formatRate(b.conversionRate)}
            </td>
            {showUplift && (
              <td className="num" data-testid="branch-uplift">
                {b.branch === HOLDOUT_BRANCH ? (
                  <span className="muted">baseline</span>
                ) : (
                  formatPoints(b.upliftPoints)
                )}
              </td>
            )}
          </tr>
        ))}
      </Table>
      {hasGoal && !hasHoldout && (
        <p className="muted small">
          This test holds nobody out, so there is no baseline to measure uplift against. A holdout share in
          the step's settings adds one.
        </p>
      )}
    </section>
  );
}
