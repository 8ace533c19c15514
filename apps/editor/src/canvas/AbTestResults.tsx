import { HOLDOUT_BRANCH } from '@scoreflow/flow';
import { formatRate } from '../components/rates.js';
import { useBranchResults } from './branchResults.js';

/**
 * The live results drawn inside an A/B test node: per branch, how many contacts entered and, with a
 * goal, the share that converted. Nothing while the canvas shows no live counts.
 */
export function AbTestResults({ nodeId }: { nodeId: string }) {
  const results = useBranchResults(nodeId);
  if (!results || results.branches.length === 0) return null;
  const { branches, hasGoal } = results;
  return (
    <table className="ab-results" data-testid="ab-results" aria-label="Results of this test, all versions">
      <thead>
        <tr>
          <th scope="col" aria-label="Branch" />
          <th scope="col">Entered</th>
          {hasGoal && <th scope="col">Converted</th>}
        </tr>
      </thead>
      <tbody>
        {branches.map((b) => (
          <tr
            key={b.branch}
            data-branch={b.branch}
            title={`${b.name}: ${b.entered} entered${hasGoal ? `, ${b.converted} converted` : ''}`}
          >
            <th scope="row">{b.branch === HOLDOUT_BRANCH ? 'Holdout' : b.branch}</th>
            <td data-testid="ab-entered">{b.entered}</td>
            {hasGoal && <td data-testid="ab-conversion">{formatRate(b.conversionRate)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
