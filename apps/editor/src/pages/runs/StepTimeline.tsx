import type { Step } from '@scoreflow/api';
import type { FlowDocument } from '@scoreflow/flow';
import { formatDuration, formatTime } from '../../components/format.js';
import { JsonBlock } from '../../components/JsonBlock.js';
import { StatusBadge } from '../../components/StatusBadge.js';

/** The node's own label in the version that ran, else its id. */
export function nodeName(doc: FlowDocument | null, nodeId: string): string {
  const node = doc?.nodes.find((n) => n.id === nodeId);
  return node?.label || nodeId;
}

/** Every step of the run in order: what went in, what came out (effects), the error and the timing. */
export function StepTimeline({ steps, document }: { steps: Step[]; document: FlowDocument | null }) {
  if (steps.length === 0) return <p className="muted">No steps recorded.</p>;
  return (
    <ol className="timeline" data-testid="step-timeline">
      {steps.map((s) => (
        <li
          key={s.id}
          className={`timeline-item step-${s.status}`}
          data-testid="timeline-step"
          data-node={s.nodeId}
        >
          <details open={s.status === 'error'}>
            <summary>
              <StatusBadge status={s.status} /> <strong>{nodeName(document, s.nodeId)}</strong>{' '}
              <span className="muted mono">{s.nodeType}</span>
              {s.attempt > 0 && <span className="muted"> · attempt {s.attempt + 1}</span>}
              <span className="muted small">
                {' '}
                · {formatTime(s.startedAt)} · {formatDuration(s.startedAt, s.endedAt)}
              </span>
            </summary>
            {s.error && (
              <p className="step-error" role="note">
                {s.error}
              </p>
            )}
            <div className="json-pair">
              <JsonBlock label="Input" value={s.input} />
              <JsonBlock label="Output / effects" value={s.output} />
            </div>
          </details>
        </li>
      ))}
    </ol>
  );
}
