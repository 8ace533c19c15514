import type { SimulationResult } from '@scoreflow/engine';
import type { FlowDocument } from '@scoreflow/flow';
import { useRef, useState } from 'react';
import { scoresApi } from '../api/scoring.js';
import { PanelField } from '../components/Field.js';
import type { DryRunInput } from '../dryrun/dryRun.js';
import {
  DEFAULT_DAYS,
  MAX_DAYS,
  parseDays,
  type ScoreDefinitionLike,
  simulateDryRun,
  zoneOf,
} from '../dryrun/throughTime.js';
import { fromLocalInput, toLocalInput } from '../dryrun/zonedTime.js';
import { useEditor, useEditorStoreApi } from '../store/context.js';
import { ThroughTimeResult } from './ThroughTimeResult.js';

type Definitions = { defs: ScoreDefinitionLike[]; failed: boolean };

/**
 * The dry run through time: the test contact enters at a chosen moment and the simulation
 * fast-forwards its waits, score decay and exits over some days, with the server's engine.
 */
export function ThroughTime({ readInput, onClose }: { readInput(): DryRunInput | null; onClose(): void }) {
  const store = useEditorStoreApi();
  const zone = useEditor((s) => zoneOf(s));
  const [days, setDays] = useState(String(DEFAULT_DAYS));
  const [startText, setStartText] = useState(() => toLocalInput(Date.now(), zone));
  const [problem, setProblem] = useState<string | null>(null);
  const [shown, setShown] = useState<{
    result: SimulationResult;
    doc: FlowDocument;
    noScores: boolean;
  } | null>(null);
  // Score definitions (decay, bands, bounds) are loaded once, on the first run.
  const definitions = useRef<Promise<Definitions> | null>(null);

  const run = async () => {
    setProblem(null);
    // A run that cannot start leaves no earlier result or path on show, which would look like its own.
    const refuse = (text: string | null) => {
      setShown(null);
      store.getState().showDryRun(null);
      setProblem(text);
    };
    const input = readInput();
    if (!input) return refuse(null);
    const count = parseDays(days);
    if (count === undefined) return refuse(`Days: enter a whole number from 1 to ${MAX_DAYS}.`);
    const startAt = fromLocalInput(startText, zone);
    if (startAt === undefined) return refuse('Start: enter a date and a time.');
    definitions.current ??= scoresApi.list().then(
      (defs) => ({ defs, failed: false }),
      () => ({ defs: [], failed: true }),
    );
    const { defs, failed } = await definitions.current;
    const doc = store.getState().document();
    const result = simulateDryRun(doc, input, { startAt, days: count, scores: defs });
    setShown({ result, doc, noScores: failed });
    store.getState().showDryRun(result.nodeIds, result.edgeIds);
  };

  return (
    <>
      <PanelField id="dry-days" label="Days">
        <input
          id="dry-days"
          type="number"
          min={1}
          max={MAX_DAYS}
          step={1}
          value={days}
          onChange={(e) => setDays(e.target.value)}
        />
      </PanelField>
      <PanelField id="dry-start" label={`Start (${zone})`}>
        <input
          id="dry-start"
          type="datetime-local"
          value={startText}
          onChange={(e) => setStartText(e.target.value)}
        />
      </PanelField>
      {problem && (
        <div className="field-error" role="alert">
          {problem}
        </div>
      )}
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => void run()}>
          Run
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {shown && <ThroughTimeResult {...shown} zone={zone} />}
    </>
  );
}
