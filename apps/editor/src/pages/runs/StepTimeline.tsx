import type { RunAction, Step } from '@scoreflow/api';
import { type FlowDocument, nodeName } from '@scoreflow/flow';
import { formatDuration, formatTime } from '../../components/format.js';
import { JsonBlock } from '../../components/JsonBlock.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { cappedSentence, cappedStep, readableStepOutput } from './cappedStep.js';
import { localTimeSentence } from './localTimeStep.js';
import { stepsByAttempt } from './runView.js';
import { readableStepInput } from './stepInput.js';

type Props = { steps: Step[]; document: FlowDocument | null; attempt: number; actions: RunAction[] };

/**
 * The steps of the run's current attempt, then the earlier attempts as history (collapsed), so a
 * failure a retry has repaired reads as the past it is, not as the state of the run.
 */
export function StepTimeline({ steps, document, attempt, actions }: Props) {
  if (steps.length === 0) return <p className="muted">No steps recorded.</p>;
  const retries = actions.filter((a) => a.action === 'retry');
  const groups = stepsByAttempt(steps, attempt);
  const titleOf = (n: number) => {
    // Attempt n (n > 1) was started by the (n - 1)th retry.
    const by = n > 1 ? retries[n - 2] : undefined;
    return `Attempt ${n}${by ? ` · retried by ${by.actor} ${formatTime(by.createdAt)}` : ''}`;
  };
  const [current, ...history] = groups;
  return (
    <div data-testid="step-attempts">
      {groups.length > 1 && current && (
        <h3 className="attempt-title">{titleOf(current.attempt)} (current)</h3>
      )}
      {current && current.steps.length === 0 && <p className="muted small">No steps in this attempt yet.</p>}
      {current && <StepList steps={current.steps} document={document} testId="step-timeline" />}
      {history.length > 0 && (
        <details className="attempt-history" data-testid="attempt-history">
          <summary>
            Earlier attempts ({history.length}){' '}
            <span className="muted small">
              {history.flatMap((g) => g.steps).filter((s) => s.status === 'error').length} failed step(s)
            </span>
          </summary>
          {history.map((g) => (
            <section key={g.attempt} data-testid={`attempt-${g.attempt}`}>
              <h4 className="attempt-title">{titleOf(g.attempt)}</h4>
              <StepList steps={g.steps} document={document} history />
            </section>
          ))}
        </details>
      )}
    </div>
  );
}

function StepList({
  steps,
  document,
  history = false,
  testId,
}: {
  steps: Step[];
  document: FlowDocument | null;
  history?: boolean;
  testId?: string;
}) {
  return (
    <ol className={`timeline${history ? ' timeline-history' : ''}`} data-testid={testId}>
      {steps.map((s) => {
        const name = nodeName(document, s.nodeId, s.nodeType);
        const capped = cappedStep(s.output);
        const clock = localTimeSentence(s.output);
        return (
          <li
            key={s.id}
            className={`timeline-item step-${s.status}`}
            data-testid={history ? 'history-step' : 'timeline-step'}
            data-node={s.nodeId}
          >
            <details open={!history && s.status === 'error'}>
              <summary>
                <StatusBadge status={s.status} /> <strong>{name.name}</strong>{' '}
                {name.name !== name.typeLabel && <span className="muted">{name.typeLabel}</span>}
                <span className="muted small">
                  {' '}
                  · {formatTime(s.startedAt)} · {formatDuration(s.startedAt, s.endedAt)}
                </span>
              </summary>
              {s.error && (
                <p className={history ? 'muted small' : 'step-error'} role="note">
                  {s.error}
                </p>
              )}
              <div className="json-pair">
                <JsonBlock label="Input" value={s.input} readable={readableStepInput(s.input, document)} />
                <JsonBlock
                  label="Output / effects"
                  value={s.output}
                  readable={readableStepOutput(s.output)}
                />
              </div>
            </details>
            {/* Outside the collapsed details: why an email did not go, or when the contact goes on, is
                the first thing asked. */}
            {capped && (
              <p className="step-capped" role="note" data-testid="step-capped">
                {cappedSentence(capped)}
              </p>
            )}
            {clock && (
              <p className="step-clock" role="note" data-testid="step-clock">
                {clock}
              </p>
            )}
          </li>
        );
      })}
    </ol>
  );
}
