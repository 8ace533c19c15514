import { useState } from 'react';
import { jsonText } from './format.js';
import { summaryRows } from './jsonSummary.js';

/**
 * A labelled value (event payloads, step input and output, action details) as readable "key: value"
 * rows, with the raw JSON one click away for whoever needs the exact document; empty values are left out.
 */
export function JsonBlock({
  label,
  value,
  readable = value,
}: {
  label: string;
  value: unknown;
  /** What the rows show when it differs from the raw value (ids put into names); defaults to `value`. */
  readable?: unknown;
}) {
  const [raw, setRaw] = useState(false);
  if (value === undefined || value === null) return null;
  const rows = summaryRows(readable);
  return (
    <div className="json-block" data-testid="json-block">
      <div className="json-head">
        <span className="json-label">{label}</span>
        <button type="button" className="link small" aria-pressed={raw} onClick={() => setRaw(!raw)}>
          Show raw
        </button>
      </div>
      {raw ? (
        <pre>{jsonText(value)}</pre>
      ) : rows.length === 0 ? (
        <p className="muted small">Empty.</p>
      ) : (
        <dl className="json-summary">
          {rows.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
