import { useCallback, useState } from 'react';
import { ApiError, type ProblemDetail } from '../api/client.js';

/** A failed call as a form shows it: one message and, by field name, what is wrong with each. */
export interface FormError {
  message: string;
  /** By field name: problem+json pointers like `/email` become `email`. */
  fields: Record<string, string>;
  /** The answer's title and detail alone, for a banner that lists `problems` itself. */
  summary: string;
  problems: ProblemDetail[];
}

/** Turns a thrown error into a FormError; anything but an ApiError has its message alone. */
export function formError(err: unknown): FormError {
  if (!(err instanceof ApiError)) {
    const message = (err as Error).message ?? String(err);
    return { message, fields: {}, summary: message, problems: [] };
  }
  const fields: Record<string, string> = {};
  for (const [pointer, message] of Object.entries(err.fields)) fields[pointer.replace(/^\//, '')] = message;
  return { message: err.message, fields, summary: err.summary, problems: err.problems };
}

/**
 * Runs a form's API calls: `busy` while one runs, and the error the last one failed with, cleared by the
 * next success. `run` answers the action's result, or undefined when it failed.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  const run = useCallback(async <T>(action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    try {
      const result = await action();
      setError(null);
      return result;
    } catch (err) {
      setError(formError(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { run, busy, error, setError };
}
