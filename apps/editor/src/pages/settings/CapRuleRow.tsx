import { type ReactNode, useId } from 'react';
import { type CapRow, windowInWords } from './capRows.js';

type Props = {
  index: number;
  row: CapRow;
  disabled: boolean;
  /** The form's field errors by pointer without its slash ("rules/0/max"). */
  errors: Record<string, string>;
  onChange(row: CapRow): void;
  onRemove(): void;
};

/**
 * One rule as a sentence to fill in: "At most [3] emails per [24] hours for emails of category [ ]".
 * Each input's label holds the words around it, and the server's error for it shows right below.
 */
export function CapRuleRow({ index, row, disabled, errors, onChange, onRemove }: Props) {
  const id = useId();
  const field = (
    name: 'max' | 'windowHours' | 'category',
    before: string,
    after: string,
    input: { type: 'number' | 'text'; min?: number; step?: string; placeholder?: string },
    hint?: ReactNode,
  ) => {
    const error = errors[`rules/${index}/${name}`];
    const noteId = `${id}-${name}-note`;
    return (
      <div className={`cap-field cap-${name}`} data-field={name}>
        <label>
          {before}
          <input
            {...input}
            value={row[name]}
            disabled={disabled}
            aria-invalid={Boolean(error)}
            aria-describedby={error || hint ? noteId : undefined}
            onChange={(e) => onChange({ ...row, [name]: e.target.value })}
          />
          {after}
        </label>
        {error ? (
          <span id={noteId} className="field-error">
            {error}
          </span>
        ) : (
          hint && (
            <span id={noteId} className="hint">
              {hint}
            </span>
          )
        )}
      </div>
    );
  };
  const words = windowInWords(row.windowHours);
  return (
    <li className="cap-rule" data-testid="cap-rule">
      <fieldset>
        <legend className="cap-legend">Rule {index + 1}</legend>
        {field('max', 'At most', 'emails', { type: 'number', min: 1, step: '1' })}
        {field(
          'windowHours',
          'per',
          'hours',
          { type: 'number', step: 'any' },
          words ? `${row.windowHours} hours = ${words}` : '168 hours = 1 week',
        )}
        {field(
          'category',
          'for emails of category',
          '',
          { type: 'text', placeholder: 'any' },
          'Optional; empty: every email',
        )}
        {!disabled && (
          <button
            type="button"
            className="danger-text"
            aria-label={`Remove rule ${index + 1}`}
            onClick={onRemove}
          >
            Remove
          </button>
        )}
      </fieldset>
    </li>
  );
}
