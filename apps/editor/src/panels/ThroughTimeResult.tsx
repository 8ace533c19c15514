import type { SimulationResult } from '@scoreflow/engine';
import type { FlowDocument } from '@scoreflow/flow';
import { useEffect, useRef } from 'react';
import {
  daysToShow,
  describeOutcome,
  gradeColumns,
  scoreColumns,
  timelineRows,
} from '../dryrun/throughTime.js';
import { formatDay, formatMoment } from '../dryrun/zonedTime.js';

type Props = {
  result: SimulationResult;
  /** The draft as it was run, so names match the path even if the canvas changed since. */
  doc: FlowDocument;
  zone: string;
  /** The score definitions did not load: no decay, bands or bounds were applied. */
  noScores: boolean;
};

const statusClass = {
  completed: 'completed',
  waiting: 'waiting',
  exited: 'exited',
  failed: 'failed',
} as const;

/** What a dry run through time found: where it ended, the contact's scores day by day, and when what happened. */
export function ThroughTimeResult({ result, doc, zone, noScores }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  // The form is long; bring each new result into view.
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll once per new result
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [result]);
  const rows = daysToShow(result.days);
  const columns = scoreColumns(result.days);
  const grades = gradeColumns(result.days);
  return (
    <div className="result" data-testid="dry-run-time-result" ref={ref}>
      <div className={`status ${statusClass[result.status]}`} data-testid="dry-run-time-status">
        {describeOutcome(result, doc)}
      </div>
      <p className="muted small">Simulated: nothing was stored or sent.</p>
      {noScores && (
        <p className="small" role="status">
          The score definitions could not be loaded: no decay, bands or bounds were applied.
        </p>
      )}
      <h3 id="dry-days-title">Day by day</h3>
      <p className="muted small">
        Each day ends at the time of day the contact entered; days without a change are left out.
      </p>
      {/* The narrow panel makes the table scroll sideways; keyboard users must be able to scroll it too. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region is reached with Tab to scroll it */}
      <section className="table-scroll" aria-labelledby="dry-days-title" tabIndex={0}>
        <table className="mini-table dry-days" aria-labelledby="dry-days-title" data-testid="dry-run-days">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Date</th>
              {columns.map((c) => (
                <ScoreHeaders key={c.name} name={c.name} banded={c.banded} />
              ))}
              {grades.map((model) => (
                <th scope="col" key={model}>
                  {model} grade
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <tr key={d.day}>
                <th scope="row">{d.day}</th>
                <td className="date">{formatDay(d.at, zone)}</td>
                {columns.map((c) => (
                  <ScoreCells
                    key={c.name}
                    value={d.scores[c.name]}
                    banded={c.banded}
                    band={d.bands[c.name]}
                  />
                ))}
                {grades.map((model) => (
                  <td key={model}>{d.grades[model] ?? '–'}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <h3 id="dry-timeline-title">Timeline ({zone})</h3>
      <ol className="dry-timeline" aria-labelledby="dry-timeline-title" data-testid="dry-run-timeline">
        {timelineRows(result, doc).map((m, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the timeline is an ordered log
          <li key={i}>
            <time dateTime={new Date(m.at).toISOString()}>{formatMoment(m.at, zone)}</time> {m.text}
          </li>
        ))}
      </ol>
    </div>
  );
}

function ScoreHeaders({ name, banded }: { name: string; banded: boolean }) {
  return (
    <>
      <th scope="col">{name}</th>
      {banded && <th scope="col">{name} band</th>}
    </>
  );
}

function ScoreCells({
  value,
  banded,
  band,
}: {
  value: number | undefined;
  banded: boolean;
  band: string | null | undefined;
}) {
  return (
    <>
      <td className="num">{value ?? '–'}</td>
      {banded && <td>{band ?? '–'}</td>}
    </>
  );
}
