import { useEffect, useState } from 'react';
import { emailApi } from '../../api/email.js';

type Props = {
  id: string;
  value: unknown;
  invalid: boolean;
  disabled: boolean;
  onChange(value: string | undefined): void;
};

/**
 * The Send email step's template, chosen from the templates that exist (loaded fresh when the step is
 * opened, so one created a moment ago on the Emails page is there). A name that no longer exists
 * stays shown, marked, until another is chosen.
 */
export function TemplateSelect({ id, value, invalid, disabled, onChange }: Props) {
  const [names, setNames] = useState<string[] | null>(null);
  useEffect(() => {
    let live = true;
    emailApi.list().then(
      (items) => live && setNames(items.map((t) => t.name)),
      () => live && setNames([]),
    );
    return () => {
      live = false;
    };
  }, []);
  const current = typeof value === 'string' ? value : '';
  const missing = current !== '' && names !== null && !names.includes(current);
  return (
    <select
      id={id}
      aria-invalid={invalid || missing}
      disabled={disabled}
      value={current}
      onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
    >
      {current === '' && <option value="">Choose an email…</option>}
      {missing && <option value={current}>{current} (does not exist)</option>}
      {names === null && current !== '' && <option value={current}>{current}</option>}
      {(names ?? []).map((n) => (
        <option key={n} value={n}>
          {n}
        </option>
      ))}
    </select>
  );
}
