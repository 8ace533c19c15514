import type { ReactNode } from 'react';
import type { ProblemDetail } from '../api/client.js';
import type { FormError } from './useAction.js';

type Props = {
  error: FormError | string | null | undefined;
  /** How one listed problem reads; without it the banner shows the whole message on one line. */
  problem?: ((p: ProblemDetail) => ReactNode) | undefined;
};

/** What stopped a page or a form, announced to screen readers; nothing when there is no error. */
export function ErrorBanner({ error, problem }: Props) {
  if (!error) return null;
  if (typeof error === 'string' || !problem || error.problems.length === 0) {
    return (
      <div className="banner error" role="alert">
        {typeof error === 'string' ? error : error.message}
      </div>
    );
  }
  return (
    <div className="banner error" role="alert">
      {error.summary}
      <ul>
        {error.problems.map((p) => (
          <li key={`${p.pointer}:${p.message}`}>{problem(p)}</li>
        ))}
      </ul>
    </div>
  );
}

/** A form's error that belongs to no field of it; the field errors are shown by their fields. */
export function FormAlert({ error }: { error: FormError | null }) {
  if (!error || Object.keys(error.fields).length > 0) return null;
  return (
    <p className="field-error" role="alert">
      {error.message}
    </p>
  );
}
