import type { z } from 'zod';
import { AppError, toJsonPointer } from './errors.js';

/**
 * Parses a request body with a shared zod schema. Every issue is reported, each with a JSON pointer,
 * so a client can fix all of them in one go.
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, what = 'request body'): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new AppError(
    'validation_failed',
    `The ${what} has ${result.error.issues.length} problem(s)`,
    result.error.issues.map((issue) => ({
      pointer: toJsonPointer(issue.path),
      code: issue.code,
      message: issue.message,
    })),
  );
}
