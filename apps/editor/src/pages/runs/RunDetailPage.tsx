import type { RunDetail } from '@scoreflow/api';
import { nodeName } from '@scoreflow/flow';
import { useMemo } from 'react';
import { Link } from 'wouter';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { formatTime, jsonText, shortId } from '../../components/format.js';
import { JsonBlock } from '../../components/JsonBlock.js';
import { LoadFailed, Loading } from '../../components/LoadFailed.js';
import { OutboxTable } from '../../components/OutboxTable.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { moveSentence } from './moveAction.js';
import { RunActions } from './RunActions.js';
import { RunGraph } from './RunGraph.js';
import { type RunMarks, repairedNodes } from './runView.js';
import { StepTimeline } from './StepTimeline.js';
import { useRun } from './useRun.js';
import '../support.css';
import './runStatus.css';

/** One run: the version's graph with the path taken, the step timeline, effects and support actions. */
export function RunDetailPage({ id }: { id: string }) {
  const { run, error, reload } = useRun(id);
  // Keyed on what the graph shows, so polling a running run does not redraw the canvas every second.
  const marksKey = run
    ? JSON.stringify({
        path: run.path,
        waitingAt: run.waitingAt,
        failedAt: run.failedAt,
        repairedAt: repairedNodes(run.steps),
      })
    : null;
  const marks = useMemo(() => (marksKey ? (JSON.parse(marksKey) as RunMarks) : null), [marksKey]);

  if (error && !run) {
    return <LoadFailed title="Cannot open this run" error={error} back={['/runs', 'Back to runs']} />;
  }
  if (!run || !marks) return <Loading />;
  return (
    <div className="page wide run-detail">
      <header className="page-header">
        <div>
          <nav className="muted small" aria-label="Breadcrumb" data-testid="breadcrumb">
            <Link href="/runs">Runs</Link> / {run.document?.settings.name ?? run.flowName ?? 'Deleted flow'} ·{' '}
            {run.contactEmail ?? 'Contact without email'}
          </nav>
          <h1>
            Run of{' '}
            <Link href={`/flows/${run.flowId}/versions/${run.flowVersion}`}>
              {run.document?.settings.name ?? run.flowName ?? run.flowId} v{run.flowVersion}
            </Link>{' '}
            <StatusBadge status={run.status} />
            {run.attempt > 1 && (
              <span className="muted small attempt-note" data-testid="run-attempt">
                {' '}
                attempt {run.attempt}
              </span>
            )}
          </h1>
        </div>
        <RunActions run={run} onDone={reload} />
      </header>
      <ErrorBanner error={error} />
      <dl className="facts">
        <dt>Contact</dt>
        <dd>
          <Link href={`/contacts/${run.contactId}`} data-testid="run-contact">
            {run.contactEmail ?? 'Contact without email'}
          </Link>{' '}
          <span className="muted small mono">{shortId(run.contactId)}</span>
        </dd>
        <dt>Run id</dt>
        <dd className="mono small">{run.id}</dd>
        <dt>Started</dt>
        <dd>{formatTime(run.startedAt)}</dd>
        <dt>Ended</dt>
        <dd>{formatTime(run.endedAt)}</dd>
        {run.currentNodeId && (
          <>
            <dt>Current step</dt>
            <dd data-testid="current-step">{nodeName(run.document, run.currentNodeId).text}</dd>
          </>
        )}
        {run.exitReason && (
          <>
            <dt>Exit reason</dt>
            <dd data-testid="exit-reason">{run.exitReason}</dd>
          </>
        )}
        {run.retryOf && (
          <>
            <dt>Replaces</dt>
            <dd>
              <Link href={`/runs/${run.retryOf}`}>{shortId(run.retryOf)}</Link>
            </dd>
          </>
        )}
      </dl>
      {run.error && (
        <div className="banner error" data-testid="run-error">
          {run.error}
        </div>
      )}
      {run.document ? (
        <RunGraph document={run.document} marks={marks} />
      ) : (
        <p className="muted">The flow version of this run no longer exists.</p>
      )}
      <div className="columns">
        <section className="card">
          <h2>Steps</h2>
          <StepTimeline
            steps={run.steps}
            document={run.document}
            attempt={run.attempt}
            actions={run.actions}
          />
        </section>
        <div>
          <section className="card" data-testid="trigger-event">
            <h2>Trigger event</h2>
            {run.triggerEvent ? (
              <>
                <p>
                  <strong>{run.triggerEvent.type}</strong>{' '}
                  <span className="muted small">
                    {formatTime(run.triggerEvent.occurredAt)} ·{' '}
                    <span className="mono">{run.triggerEvent.id}</span>
                  </span>
                </p>
                <JsonBlock label="Payload" value={run.triggerEvent.payload} />
              </>
            ) : (
              <p className="muted">None (started by a score, tag, list or attribute change).</p>
            )}
          </section>
          <section className="card">
            <h2>Outbox</h2>
            <OutboxTable items={run.outbox} names={(nodeId) => nodeName(run.document, nodeId).text} />
          </section>
          <section className="card">
            <h2>Action history</h2>
            {run.actions.length === 0 ? (
              <p className="muted">Nobody has acted on this run.</p>
            ) : (
              <ul className="plain" data-testid="action-history">
                {run.actions.map((a) => {
                  // A move says everything in its sentence; other actions name themselves, then their detail.
                  const moved = a.action === 'move' ? moveSentence(a.detail, run.document) : null;
                  return (
                    <li key={`${a.action}-${a.createdAt}-${jsonText(a.detail)}`} data-action={a.action}>
                      <strong>{moved ?? a.action}</strong> by {a.actor}{' '}
                      <span className="muted small">{formatTime(a.createdAt)}</span>
                      {!moved && a.detail && Object.keys(a.detail).length > 0 && (
                        <span className="muted small"> {actionDetail(a.detail, run.document)}</span>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
        </div>
      </div>
    </div>
  );
}

/** What an action's detail says, in names: the step a retry started from, the deliveries it re-sent. */
function actionDetail(detail: Record<string, unknown>, doc: RunDetail['document']): string {
  if (typeof detail.fromNode === 'string') return `from ${nodeName(doc, detail.fromNode).text}`;
  if (Array.isArray(detail.deliveries)) {
    const n = detail.deliveries.length;
    return `${n} failed deliver${n === 1 ? 'y' : 'ies'} sent again`;
  }
  if (typeof detail.retryOf === 'string') return `replaces run ${shortId(detail.retryOf)}`;
  if (typeof detail.newRunId === 'string') {
    const version = typeof detail.version === 'number' ? ` on version ${detail.version}` : '';
    return `replaced by run ${shortId(detail.newRunId)}${version}`;
  }
  if (typeof detail.waitId === 'string') {
    return typeof detail.nodeId === 'string'
      ? `the wait at ${nodeName(doc, detail.nodeId).text} fired now`
      : 'the wait fired now';
  }
  return Object.entries(detail)
    .map(([k, v]) => `${k} ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}
