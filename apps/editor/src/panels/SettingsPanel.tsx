import {
  DEFAULT_CONVERSION_DAYS,
  type ExitCriterion,
  type FlowSettings,
  type ReentryPolicy,
} from '@scoreflow/flow';
import { useShallow } from 'zustand/react/shallow';
import { PanelField, SelectOf } from '../components/Field.js';
import { parseNames } from '../dryrun/parse.js';
import { useEditor } from '../store/context.js';
import { DurationInput, NumberInput } from './form/inputs.js';
import { LocalTimeSettings } from './LocalTimeSettings.js';

export const REENTRY: { mode: ReentryPolicy['mode']; label: string }[] = [
  { mode: 'once', label: 'Only once, ever' },
  { mode: 'afterExit', label: 'Again after the previous run ended' },
  { mode: 'always', label: 'Every time the trigger fires (several at once)' },
  { mode: 'cooldown', label: 'Again after a waiting period' },
];

const OPS = ['>', '>=', '<', '<=', '==', '!='] as const;

function exitId(exits: readonly ExitCriterion[]): string {
  let i = exits.length + 1;
  while (exits.some((e) => e.id === `x${i}`)) i++;
  return `x${i}`;
}

/** Flow-wide settings: name, re-entry policy, time zone and send window, and exit criteria. */
export function SettingsPanel() {
  const settings = useEditor((s) => s.settings);
  const readOnly = useEditor((s) => s.readOnly);
  const updateSettings = useEditor((s) => s.updateSettings);
  const errors = useEditor(
    useShallow((s) =>
      s.diagnostics.filter((d) => d.path?.[0] === 'settings').map((d) => `${d.path?.join('.')}|${d.message}`),
    ),
  );
  const errorAt = (prefix: string) =>
    errors.find((e) => e.startsWith(`${prefix}|`) || e.startsWith(`${prefix}.`))?.split('|')[1];
  const put = (next: Partial<FlowSettings>, key: string) => updateSettings({ ...settings, ...next }, key);
  const putExit = (i: number, next: ExitCriterion, key: string) =>
    put({ exits: settings.exits.map((e, j) => (j === i ? next : e)) }, `exit.${i}.${key}`);
  /** A number field of exit `i`; an emptied input stores 0. */
  const exitNumber = <X extends ExitCriterion>(i: number, x: X, key: keyof X & ('days' | 'value')) => (
    <NumberInput
      id={`exit-${i}-${key}`}
      invalid={false}
      disabled={readOnly}
      value={x[key] as number}
      onChange={(v) => putExit(i, { ...x, [key]: v ?? 0 }, key)}
    />
  );
  const addExit = (exit: ExitCriterion) =>
    put({ exits: [...settings.exits, exit] }, `exit-add-${settings.exits.length}`);
  const nameError = errorAt('settings.name');

  return (
    <div className="settings-panel" data-testid="settings-panel">
      <h2>Flow settings</h2>
      <PanelField id="flow-name" label="Name" error={nameError}>
        <input
          id="flow-name"
          type="text"
          disabled={readOnly}
          aria-invalid={Boolean(nameError)}
          value={settings.name}
          onChange={(e) => put({ name: e.target.value }, 'name')}
        />
      </PanelField>
      <PanelField
        id="flow-reentry"
        label="Can a contact enter again?"
        hint={settings.reentry.mode === 'always' && 'Right for lead scoring: every click adds its points.'}
      >
        <select
          id="flow-reentry"
          disabled={readOnly}
          value={settings.reentry.mode}
          onChange={(e) => {
            const mode = e.target.value as ReentryPolicy['mode'];
            put({ reentry: mode === 'cooldown' ? { mode, seconds: 86_400 } : { mode } }, 'reentry');
          }}
        >
          {REENTRY.map((r) => (
            <option key={r.mode} value={r.mode}>
              {r.label}
            </option>
          ))}
        </select>
      </PanelField>
      {settings.reentry.mode === 'cooldown' && (
        <PanelField id="flow-cooldown" label="Waiting period">
          <DurationInput
            id="flow-cooldown"
            invalid={false}
            disabled={readOnly}
            value={settings.reentry.seconds}
            onChange={(v) => put({ reentry: { mode: 'cooldown', seconds: v ?? 0 } }, 'cooldown')}
          />
        </PanelField>
      )}
      <LocalTimeSettings
        settings={settings}
        readOnly={readOnly}
        onChange={(next, key) => updateSettings(next, key)}
        errorAt={errorAt}
      />
      <h3>Exit criteria</h3>
      <p className="hint">Checked all the time, also while a contact waits inside the flow.</p>
      {settings.exits.map((x, i) => (
        <div className="exit-card" key={x.id} data-testid="exit-criterion">
          {x.kind === 'inactivity' ? (
            <>
              <strong>Leave after inactivity</strong>
              <PanelField id={`exit-${i}-days`} label="Days without engagement">
                {exitNumber(i, x, 'days')}
              </PanelField>
              <PanelField id={`exit-${i}-events`} label="Engagement events (comma separated)">
                <input
                  id={`exit-${i}-events`}
                  type="text"
                  disabled={readOnly}
                  value={x.events.join(', ')}
                  onChange={(e) => putExit(i, { ...x, events: parseNames(e.target.value) }, 'events')}
                />
              </PanelField>
              <label className="check">
                <input
                  type="checkbox"
                  disabled={readOnly}
                  checked={x.scores.some((s) => s.kind === 'set' && s.score === 'SCORE' && s.value === 0)}
                  onChange={(e) =>
                    putExit(
                      i,
                      { ...x, scores: e.target.checked ? [{ kind: 'set', score: 'SCORE', value: 0 }] : [] },
                      'reset',
                    )
                  }
                />
                Reset SCORE to 0 on exit
              </label>
            </>
          ) : (
            <>
              <strong>Leave when a goal is reached</strong>
              <div className="inline-fields">
                <input
                  aria-label="Score"
                  type="text"
                  list="names-scores"
                  disabled={readOnly}
                  value={x.score}
                  onChange={(e) => putExit(i, { ...x, score: e.target.value }, 'score')}
                />
                <SelectOf
                  aria-label="Comparison"
                  disabled={readOnly}
                  options={OPS}
                  value={x.op}
                  onValue={(op) => putExit(i, { ...x, op }, 'op')}
                />
                {exitNumber(i, x, 'value')}
              </div>
              <PanelField
                id={`exit-${i}-conversionDays`}
                label="Conversion window (days)"
                error={errorAt(`settings.exits.${i}.conversionDays`)}
                hint={`The flow report counts a contact converted when this goal is reached within this many days of entering. Empty: ${DEFAULT_CONVERSION_DAYS} days.`}
              >
                <NumberInput
                  id={`exit-${i}-conversionDays`}
                  invalid={Boolean(errorAt(`settings.exits.${i}.conversionDays`))}
                  disabled={readOnly}
                  value={x.conversionDays}
                  onChange={(v) => {
                    // Emptied, the window is left out so the default applies.
                    const { conversionDays: _old, ...rest } = x;
                    putExit(i, v === undefined ? rest : { ...rest, conversionDays: v }, 'conversionDays');
                  }}
                />
              </PanelField>
            </>
          )}
          {errorAt(`settings.exits.${i}`) &&
            // The conversion window's own problem is shown at its field above.
            !errorAt(`settings.exits.${i}.conversionDays`) && (
              <div className="field-error">{errorAt(`settings.exits.${i}`)}</div>
            )}
          {!readOnly && (
            <button
              type="button"
              className="link danger-text"
              onClick={() => put({ exits: settings.exits.filter((_, j) => j !== i) }, `exit-remove-${i}`)}
            >
              Remove
            </button>
          )}
        </div>
      ))}
      {!readOnly && (
        <div className="toolbar">
          <button
            type="button"
            onClick={() =>
              addExit({
                kind: 'inactivity',
                id: exitId(settings.exits),
                events: ['email.opened', 'email.clicked'],
                days: 30,
                scores: [{ kind: 'set', score: 'SCORE', value: 0 }],
              })
            }
          >
            + Inactivity exit
          </button>
          <button
            type="button"
            onClick={() =>
              addExit({ kind: 'goal', id: exitId(settings.exits), score: 'SCORE', op: '>=', value: 100 })
            }
          >
            + Goal exit
          </button>
        </div>
      )}
    </div>
  );
}
