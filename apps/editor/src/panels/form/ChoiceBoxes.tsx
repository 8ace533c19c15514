import type { ReactNode } from 'react';

type Props = {
  /** The fieldset's id; each box's id is derived from it and its value. */
  id: string;
  legend: ReactNode;
  options: readonly string[];
  /** The words next to each box; the value itself when absent. */
  labels?: Readonly<Record<string, string>>;
  value: unknown;
  disabled: boolean;
  invalid: boolean;
  /** The chosen values in the options' order (Mon before Fri, however they were ticked). */
  onChange(next: string[]): void;
  /** Below the boxes: the field's error or hint. */
  children?: ReactNode;
};

/** Several of a fixed set of values (the days of the week) as a row of labelled checkboxes. */
export function ChoiceBoxes({
  id,
  legend,
  options,
  labels,
  value,
  disabled,
  invalid,
  onChange,
  children,
}: Props) {
  const chosen = new Set(Array.isArray(value) ? value.map(String) : []);
  const toggle = (option: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(option);
    else next.delete(option);
    onChange(options.filter((o) => next.has(o)));
  };
  return (
    <fieldset className="choices" id={id} aria-invalid={invalid || undefined}>
      <legend>{legend}</legend>
      <div className="choice-row">
        {options.map((o) => (
          <label key={o} className="check" htmlFor={`${id}-${o}`}>
            <input
              id={`${id}-${o}`}
              type="checkbox"
              disabled={disabled}
              checked={chosen.has(o)}
              onChange={(e) => toggle(o, e.target.checked)}
            />
            {labels?.[o] ?? o}
          </label>
        ))}
      </div>
      {children}
    </fieldset>
  );
}
