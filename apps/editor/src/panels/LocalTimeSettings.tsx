import { DEFAULT_TIME_ZONE, type FlowSettings, type SendWindow, WEEKDAYS } from '@scoreflow/flow';
import { PanelField } from '../components/Field.js';
import { ChoiceBoxes } from './form/ChoiceBoxes.js';
import { OPTION_LABELS } from './form/jsonSchema.js';

/** What "Send window" switched on starts as: office hours on weekdays. */
const OFFICE_HOURS: SendWindow = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' };

let zones: string[] | undefined;
/** The time zones this browser knows, for suggestions; UTC first, as the default. */
function timeZones(): string[] {
  zones ??= [DEFAULT_TIME_ZONE, ...Intl.supportedValuesOf('timeZone').filter((z) => z !== DEFAULT_TIME_ZONE)];
  return zones;
}

type Props = {
  settings: FlowSettings;
  readOnly: boolean;
  /** The settings with these replaced; `key` merges consecutive keystrokes into one undo step. */
  onChange(next: FlowSettings, key: string): void;
  /** The flow's diagnostic at this settings path ("settings.timezone"), if any. */
  errorAt(path: string): string | undefined;
};

/** The flow's time zone and send window: when contacts get emails and webhooks, on their own clock. */
export function LocalTimeSettings({ settings, readOnly, onChange, errorAt }: Props) {
  const { timezone: _zone, sendWindow: _window, ...rest } = settings;
  const zoneError = errorAt('settings.timezone');
  const window = settings.sendWindow;
  const putZone = (zone: string) =>
    onChange(
      { ...rest, ...(zone === '' ? {} : { timezone: zone }), ...(window ? { sendWindow: window } : {}) },
      'timezone',
    );
  const putWindow = (next: SendWindow | undefined, key: string) =>
    onChange(
      {
        ...rest,
        ...(settings.timezone !== undefined ? { timezone: settings.timezone } : {}),
        ...(next ? { sendWindow: next } : {}),
      },
      `sendWindow.${key}`,
    );
  const daysError = errorAt('settings.sendWindow.days');
  const fromError = errorAt('settings.sendWindow.from');
  const toError = errorAt('settings.sendWindow.to');
  return (
    <>
      <h3>Time</h3>
      <PanelField
        id="flow-timezone"
        label="Time zone"
        error={zoneError}
        hint={!zoneError && `For contacts without a timezone attribute. Empty: ${DEFAULT_TIME_ZONE}.`}
      >
        <input
          id="flow-timezone"
          type="text"
          list="time-zones"
          autoComplete="off"
          placeholder={DEFAULT_TIME_ZONE}
          disabled={readOnly}
          aria-invalid={Boolean(zoneError)}
          value={settings.timezone ?? ''}
          onChange={(e) => putZone(e.target.value.trim())}
        />
        <datalist id="time-zones">
          {timeZones().map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </PanelField>
      <label className="check">
        <input
          type="checkbox"
          disabled={readOnly}
          checked={window !== undefined}
          onChange={(e) => putWindow(e.target.checked ? OFFICE_HOURS : undefined, 'on')}
        />
        Send window
      </label>
      <p className="hint">
        Emails and webhooks outside the window wait for it to open, on each contact's clock (their timezone
        attribute, else this time zone).
      </p>
      {window && (
        <div className="send-window" data-testid="send-window">
          <div className={`field${daysError ? ' has-error' : ''}`}>
            <ChoiceBoxes
              id="flow-window-days"
              legend="Days"
              options={WEEKDAYS}
              labels={OPTION_LABELS}
              value={window.days}
              disabled={readOnly}
              invalid={Boolean(daysError)}
              onChange={(days) => putWindow({ ...window, days: days as SendWindow['days'] }, 'days')}
            >
              {daysError && <div className="field-error">{daysError}</div>}
            </ChoiceBoxes>
          </div>
          <div className="inline-fields">
            <PanelField id="flow-window-from" label="From" error={fromError}>
              <input
                id="flow-window-from"
                type="time"
                disabled={readOnly}
                aria-invalid={Boolean(fromError)}
                value={window.from}
                onChange={(e) => putWindow({ ...window, from: e.target.value }, 'from')}
              />
            </PanelField>
            <PanelField id="flow-window-to" label="To" error={toError}>
              <input
                id="flow-window-to"
                type="time"
                disabled={readOnly}
                aria-invalid={Boolean(toError)}
                value={window.to}
                onChange={(e) => putWindow({ ...window, to: e.target.value }, 'to')}
              />
            </PanelField>
          </div>
        </div>
      )}
    </>
  );
}
