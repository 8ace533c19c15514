import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'aria-invalid'>;

type FieldProps = InputProps & {
  label: ReactNode;
  onValue(value: string): void;
  /** What the server said is wrong with this field; it takes the hint's place and marks the input. */
  error?: string | undefined;
  hint?: ReactNode;
  /** The label's class (`admin-field`, `score-field`): each page lays its forms out its own way. */
  labelClass?: string | undefined;
  /** After the input inside the label, such as its datalist. */
  children?: ReactNode;
};

/** A page form's input wrapped in its label, so the label names it, with its error or hint below. */
export function Field({ label, onValue, error, hint, labelClass, children, ...input }: FieldProps) {
  return (
    <label className={labelClass}>
      {label}
      <input {...input} aria-invalid={Boolean(error)} onChange={(e) => onValue(e.target.value)} />
      {children}
      {error ? <span className="field-error">{error}</span> : hint && <span className="hint">{hint}</span>}
    </label>
  );
}

type SelectProps<T extends string> = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value'> & {
  value: T;
  options: readonly T[];
  onValue(value: T): void;
  /** The text of an option; the value itself by default. */
  text?: ((value: T) => string) | undefined;
};

/** A select over a fixed list of string values, typed by that list. */
export function SelectOf<T extends string>({ value, options, onValue, text, ...select }: SelectProps<T>) {
  return (
    <select {...select} value={value} onChange={(e) => onValue(e.target.value as T)}>
      {options.map((o) => (
        <option key={o} value={o}>
          {text ? text(o) : o}
        </option>
      ))}
    </select>
  );
}

type PanelFieldProps = {
  /** The control's id, which the label points at. */
  id: string;
  label: ReactNode;
  error?: string | undefined;
  hint?: ReactNode;
  children: ReactNode;
};

/** A side panel's field: the label above its control, then the error or the hint. */
export function PanelField({ id, label, error, hint, children }: PanelFieldProps) {
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {error && <div className="field-error">{error}</div>}
      {hint && <div className="hint">{hint}</div>}
    </div>
  );
}
