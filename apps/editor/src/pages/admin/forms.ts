import { ApiError } from '../../api/client.js';

/** A failed save as a form shows it: one message on top and, by field name, what is wrong with each. */
export interface FormError {
  message: string;
  fields: Record<string, string>;
}

/** Turns a thrown error into a FormError; problem+json pointers like `/email` become field `email`. */
export function formError(err: unknown): FormError {
  if (!(err instanceof ApiError)) return { message: (err as Error).message ?? String(err), fields: {} };
  const fields: Record<string, string> = {};
  for (const [pointer, message] of Object.entries(err.fields)) fields[pointer.replace(/^\//, '')] = message;
  return { message: err.message, fields };
}

/** Epoch milliseconds as a local date and time. */
export const when = (ms: number | null) => (ms === null ? '—' : new Date(ms).toLocaleString());
