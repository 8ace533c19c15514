import { useEffect, useState } from 'react';

function parseNumber(text: string): number | undefined {
  const n = text.trim() === '' ? Number.NaN : Number(text);
  return Number.isFinite(n) ? n : undefined;
}

type Common = { id: string; invalid: boolean; disabled: boolean };

/**
 * A number box that lets the user pass through states that are not numbers yet ("", "-") without
 * the store rewriting the text; the store gets `undefined` until it parses.
 */
export function NumberInput({
  id,
  invalid,
  disabled,
  value,
  onChange,
  integer,
}: Common & { value: unknown; integer?: boolean; onChange(v: number | undefined): void }) {
  const num = typeof value === 'number' ? value : undefined;
  const [text, setText] = useState(num === undefined ? '' : String(num));
  // Keep what the user typed while it still means the stored value ("1.50", "-"); replace it
  // only when the value changed from elsewhere (undo, another field).
  useEffect(() => {
    setText((t) => (parseNumber(t) === num ? t : num === undefined ? '' : String(num)));
  }, [num]);
  return (
    <input
      id={id}
      type="number"
      inputMode={integer ? 'numeric' : 'decimal'}
      step={integer ? 1 : 'any'}
      aria-invalid={invalid}
      disabled={disabled}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(parseNumber(e.target.value));
      }}
    />
  );
}

const UNITS = [
  { label: 'minutes', seconds: 60 },
  { label: 'hours', seconds: 3600 },
  { label: 'days', seconds: 86_400 },
] as const;

function bestUnit(seconds: number): number {
  for (let i = UNITS.length - 1; i >= 0; i--) {
    const u = UNITS[i];
    if (u && seconds % u.seconds === 0) return u.seconds;
  }
  return 60;
}

/** A duration in seconds, edited as an amount and a unit. */
export function DurationInput({
  id,
  invalid,
  disabled,
  value,
  onChange,
}: Common & { value: unknown; onChange(v: number | undefined): void }) {
  const seconds = typeof value === 'number' ? value : undefined;
  const [unit, setUnit] = useState(() => bestUnit(seconds ?? 86_400));
  const amount = seconds === undefined ? undefined : seconds / unit;
  return (
    <span className="duration">
      <NumberInput
        id={id}
        invalid={invalid}
        disabled={disabled}
        value={amount}
        onChange={(n) => onChange(n === undefined ? undefined : Math.round(n * unit))}
      />
      <select
        aria-label="Unit"
        disabled={disabled}
        value={unit}
        onChange={(e) => {
          const next = Number(e.target.value);
          setUnit(next);
          if (amount !== undefined) onChange(Math.round(amount * next));
        }}
      >
        {UNITS.map((u) => (
          <option key={u.seconds} value={u.seconds}>
            {u.label}
          </option>
        ))}
      </select>
    </span>
  );
}

type ScalarType = 'text' | 'number' | 'boolean' | 'null';

/** A value that may be text, a number or yes/no (attribute comparisons), with its type chosen. */
export function ScalarInput({
  id,
  invalid,
  disabled,
  value,
  nullable,
  onChange,
}: Common & {
  value: unknown;
  nullable?: boolean;
  onChange(v: string | number | boolean | null | undefined): void;
}) {
  const type: ScalarType =
    value === null
      ? 'null'
      : typeof value === 'number'
        ? 'number'
        : typeof value === 'boolean'
          ? 'boolean'
          : 'text';
  const [chosen, setChosen] = useState<ScalarType>(type);
  const shown = value === undefined ? chosen : type;
  return (
    <span className="scalar">
      <select
        aria-label="Value type"
        disabled={disabled}
        value={shown}
        onChange={(e) => {
          const t = e.target.value as ScalarType;
          setChosen(t);
          if (t === 'null') onChange(null);
          else if (t === 'boolean') onChange(true);
          else if (t === 'number') onChange(Number.isFinite(Number(value)) ? Number(value) : undefined);
          else onChange(value === undefined || value === null ? undefined : String(value));
        }}
      >
        <option value="text">text</option>
        <option value="number">number</option>
        <option value="boolean">yes/no</option>
        {nullable && <option value="null">empty (clear it)</option>}
      </select>
      {shown === 'number' && (
        <NumberInput id={id} invalid={invalid} disabled={disabled} value={value} onChange={onChange} />
      )}
      {shown === 'boolean' && (
        <select
          id={id}
          disabled={disabled}
          value={String(value === true)}
          onChange={(e) => onChange(e.target.value === 'true')}
        >
          <option value="true">yes</option>
          <option value="false">no</option>
        </select>
      )}
      {shown === 'text' && (
        <input
          id={id}
          type="text"
          aria-invalid={invalid}
          disabled={disabled}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
        />
      )}
    </span>
  );
}
