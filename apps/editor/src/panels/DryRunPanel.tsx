import { ENGAGEMENT_LEVELS, type EngagementLevel, getNodeDefinition, isNodeType } from '@scoreflow/flow';
import { useEffect, useMemo, useRef, useState } from 'react';
import { PanelField, SelectOf } from '../components/Field.js';
import {
  continueDryRun,
  type DryRunInput,
  type DryRunResult,
  describeEffect,
  startDryRun,
  triggerChoices,
} from '../dryrun/dryRun.js';
import { parseNames, parseNumber, parsePairs, parseScalar } from '../dryrun/parse.js';
import { whyTriggerWouldNotStart } from '../dryrun/triggerCheck.js';
import { useEditor, useEditorStoreApi } from '../store/context.js';
import { CopyContact } from './CopyContact.js';
import { ThroughTime } from './ThroughTime.js';
import { useGradedModels } from './useGradedModels.js';

/**
 * Dry run: describe a test contact and an event, run the shared engine in the browser, highlight the
 * path on the canvas and list the effects, step by step or through simulated days. Nothing is saved
 * or sent.
 */
export function DryRunPanel() {
  const [open, setOpen] = useState(false);
  return (
    <section className="dry-run" aria-label="Dry run" data-testid="dry-run">
      <h2>Dry run</h2>
      {open ? (
        <DryRunForm onClose={() => setOpen(false)} />
      ) : (
        <>
          <p className="muted small">Try the flow on a test contact. Nothing is saved or sent.</p>
          <button type="button" onClick={() => setOpen(true)}>
            Try it
          </button>
        </>
      )}
    </section>
  );
}

function DryRunForm({ onClose }: { onClose(): void }) {
  const store = useEditorStoreApi();
  const nodes = useEditor((s) => s.nodes);
  const choices = useMemo(
    () =>
      triggerChoices(
        nodes.map((n) => ({ id: n.id, type: n.data.type, config: n.data.config, label: n.data.label })),
      ),
    [nodes],
  );
  const [triggerId, setTriggerId] = useState('');
  const [eventType, setEventType] = useState('');
  const [properties, setProperties] = useState('');
  const [scores, setScores] = useState('SCORE = 0');
  const [tags, setTags] = useState('');
  const [lists, setLists] = useState('');
  const [attributes, setAttributes] = useState('');
  const [engagement, setEngagement] = useState<EngagementLevel>('neutral');
  const [run, setRun] = useState<DryRunResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [mode, setMode] = useState<'steps' | 'time'>('steps');
  const gradedModels = useGradedModels();

  const trigger = choices.find((c) => c.id === triggerId) ?? choices[0];
  const event = eventType || trigger?.event || '';
  const labelOf = (id: string) => {
    const n = store.getState().nodes.find((x) => x.id === id);
    if (!n) return id;
    return n.data.label || (isNodeType(n.data.type) ? getNodeDefinition(n.data.type).label : n.data.type);
  };

  const show = (r: DryRunResult) => {
    setRun(r);
    store.getState().showDryRun(r.nodeIds, r.edgeIds);
  };

  /** The test contact and event as described, or null (with the problem shown) when they do not parse. */
  const readInput = (): DryRunInput | null => {
    setProblem(null);
    const fail = (text: string) => {
      setProblem(text);
      return null;
    };
    if (!trigger) return fail('Add a trigger to the flow first.');
    const sc = parsePairs(scores, parseNumber);
    if (!sc.ok) return fail(`Scores: "${sc.line}" should look like SCORE = 45`);
    const attrs = parsePairs(attributes, parseScalar);
    if (!attrs.ok) return fail(`Attributes: "${attrs.line}" should look like plan = pro`);
    let props: Record<string, unknown> = {};
    if (properties.trim()) {
      const parsed = parsePairs(properties, parseScalar);
      if (!parsed.ok) return fail(`Event properties: "${parsed.line}" should look like url = /pricing`);
      props = parsed.value;
    }
    const input: DryRunInput = {
      scores: sc.value,
      tags: parseNames(tags),
      lists: parseNames(lists),
      attributes: attrs.value,
      engagement,
      triggerNodeId: trigger.id,
      eventType: event,
      eventProperties: props,
      gradedModels,
    };
    // A trigger that would not fire for this contact starts no run: say so rather than draw a path.
    const notStarted = whyTriggerWouldNotStart(store.getState().document(), input);
    if (notStarted) {
      setRun(null);
      store.getState().showDryRun(null);
      return fail(notStarted);
    }
    return input;
  };

  const start = () => {
    const input = readInput();
    if (input) show(startDryRun(store.getState().document(), input));
  };

  // Each mode shows its own result; the other's path would no longer match what is shown.
  const switchMode = (next: 'steps' | 'time') => {
    setMode(next);
    setRun(null);
    setProblem(null);
    store.getState().showDryRun(null);
  };

  const close = () => {
    store.getState().showDryRun(null);
    onClose();
  };

  return (
    <div className="dry-form">
      <fieldset className="radio-group">
        <legend>How to run</legend>
        <label>
          <input
            type="radio"
            name="dry-mode"
            checked={mode === 'steps'}
            onChange={() => switchMode('steps')}
          />{' '}
          Step by step
        </label>
        <label>
          <input type="radio" name="dry-mode" checked={mode === 'time'} onChange={() => switchMode('time')} />{' '}
          Through time
        </label>
      </fieldset>
      <PanelField id="dry-trigger" label="Start from">
        <select id="dry-trigger" value={trigger?.id ?? ''} onChange={(e) => setTriggerId(e.target.value)}>
          {choices.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      </PanelField>
      {/* Only an event trigger reads the event; other triggers start from the contact's state. */}
      {trigger?.event !== undefined && (
        <>
          <PanelField id="dry-event" label="Event">
            <input
              id="dry-event"
              type="text"
              list="names-events"
              placeholder={trigger?.event ?? 'email.clicked'}
              value={eventType}
              onChange={(e) => setEventType(e.target.value)}
            />
          </PanelField>
          <PanelField
            id="dry-props"
            label={
              <>
                Event properties <span className="optional">(one per line: url = /pricing)</span>
              </>
            }
          >
            <textarea id="dry-props" value={properties} onChange={(e) => setProperties(e.target.value)} />
          </PanelField>
        </>
      )}
      <CopyContact
        onCopy={(c) => {
          setScores(c.scores);
          setTags(c.tags);
          setLists(c.lists);
          setAttributes(c.attributes);
          setEngagement(c.engagement);
        }}
      />
      <PanelField id="dry-scores" label="Scores (one per line)">
        <textarea id="dry-scores" value={scores} onChange={(e) => setScores(e.target.value)} />
      </PanelField>
      <PanelField id="dry-tags" label="Tags (comma separated)">
        <input id="dry-tags" type="text" value={tags} onChange={(e) => setTags(e.target.value)} />
      </PanelField>
      <PanelField id="dry-lists" label="Lists (comma separated)">
        <input id="dry-lists" type="text" value={lists} onChange={(e) => setLists(e.target.value)} />
      </PanelField>
      <PanelField
        id="dry-attrs"
        label={
          <>
            Attributes <span className="optional">(one per line: plan = pro)</span>
          </>
        }
      >
        <textarea id="dry-attrs" value={attributes} onChange={(e) => setAttributes(e.target.value)} />
      </PanelField>
      <PanelField id="dry-engagement" label="Engagement level">
        <SelectOf<EngagementLevel>
          id="dry-engagement"
          options={ENGAGEMENT_LEVELS}
          value={engagement}
          onValue={setEngagement}
        />
      </PanelField>
      {problem && (
        <div className="field-error" role="alert">
          {problem}
        </div>
      )}
      {mode === 'steps' ? (
        <>
          <div className="toolbar">
            <button type="button" className="primary" onClick={start}>
              Run
            </button>
            <button type="button" onClick={close}>
              Close
            </button>
          </div>
          {run && <DryRunResultView run={run} labelOf={labelOf} onContinue={(r) => show(r)} />}
        </>
      ) : (
        <ThroughTime readInput={readInput} onClose={close} />
      )}
    </div>
  );
}

function DryRunResultView({
  run,
  labelOf,
  onContinue,
}: {
  run: DryRunResult;
  labelOf(id: string): string;
  onContinue(r: DryRunResult): void;
}) {
  const store = useEditorStoreApi();
  const { result } = run;
  const ref = useRef<HTMLDivElement>(null);
  // The form is long; bring each new result into view.
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll once per new run
  useEffect(() => {
    // Braces matter: newer browsers return a promise from scrollIntoView, which is no cleanup.
    ref.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [run]);
  const statusText = {
    completed: 'Completed',
    waiting: 'Waiting',
    exited: `Left the flow${result.exitReason ? `: ${result.exitReason}` : ''}`,
    failed: `Failed: ${result.error ?? 'unknown error'}`,
  }[result.status];
  const resume = (waitNodeId: string, outcome: 'elapsed' | 'event' | 'timeout') =>
    onContinue(continueDryRun(store.getState().document(), run, { waitNodeId, outcome }));
  return (
    <div className="result" data-testid="dry-run-result" ref={ref}>
      <div className={`status ${result.status}`}>{statusText}</div>
      <h3>Path</h3>
      <ol data-testid="dry-run-path">
        {run.nodeIds.map((id, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a path may pass the same step twice
          <li key={i}>{labelOf(id)}</li>
        ))}
      </ol>
      <h3>Would do</h3>
      {run.effects.length === 0 ? (
        <p className="muted small">Nothing (no score, tag, list or message changes).</p>
      ) : (
        <ul data-testid="dry-run-effects">
          {run.effects.map((e, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: effects are an ordered log
            <li key={i}>{describeEffect(e)}</li>
          ))}
        </ul>
      )}
      {result.waits.map((w) => (
        <div key={w.nodeId} className="toolbar">
          <span className="small">Waiting at {labelOf(w.nodeId)}:</span>
          {w.kind === 'delay' ? (
            <button type="button" onClick={() => resume(w.nodeId, 'elapsed')}>
              Skip the wait
            </button>
          ) : (
            <>
              <button type="button" onClick={() => resume(w.nodeId, 'event')}>
                {w.eventType} happens
              </button>
              <button type="button" onClick={() => resume(w.nodeId, 'timeout')}>
                Time runs out
              </button>
            </>
          )}
        </div>
      ))}
    </div>
  );
}
