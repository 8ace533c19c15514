import { jsonText } from './format.js';

/** A labelled, preformatted value (event payloads, step input and output); empty values are left out. */
export function JsonBlock({ label, value }: { label: string; value: unknown }) {
  if (value === undefined || value === null) return null;
  return (
    <div className="json-block">
      <div className="json-label">{label}</div>
      <pre>{jsonText(value)}</pre>
    </div>
  );
}
