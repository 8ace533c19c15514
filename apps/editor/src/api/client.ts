import type { z } from 'zod';
import { type ApiDiagnostic, DiagnosticSchema, Problem } from './schemas.js';
import { onUnauthorized, sessionHeaders } from './session.js';

/** An API call that failed; `message` is written for a person, `errors` carries diagnostics. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly errors: ApiDiagnostic[] = [],
    /** Body-validation problems by JSON pointer (`/email`), so a form can show each by its field. */
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

async function problemFrom(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  const parsed = Problem.safeParse(body);
  if (parsed.success && (parsed.data.title || parsed.data.detail)) {
    const p = parsed.data;
    const errors = p.errors ?? [];
    const diagnostics = errors.flatMap((e) => {
      const d = DiagnosticSchema.safeParse(e);
      return d.success ? [d.data] : [];
    });
    // Errors that are not flow diagnostics are shown in the message, so a person sees what to fix.
    const plain = errors.filter((e) => !DiagnosticSchema.safeParse(e).success);
    const details = plain.slice(0, 5).map((e) => (e.pointer ? `${e.pointer}: ${e.message}` : e.message));
    if (plain.length > 5) details.push(`and ${plain.length - 5} more`);
    const message = [[p.title, p.detail].filter(Boolean).join(': '), ...details].join(' · ');
    const fields: Record<string, string> = {};
    for (const e of plain) if (e.pointer && !(e.pointer in fields)) fields[e.pointer] = e.message;
    return new ApiError(message, res.status, p.type ?? `http-${res.status}`, diagnostics, fields);
  }
  return new ApiError(`The server answered ${res.status} ${res.statusText}`.trim(), res.status, 'http');
}

/**
 * Calls the API and parses the JSON answer with `schema`; problem+json answers become ApiError.
 * A network failure also becomes an ApiError (status 0) so callers handle one error type.
 */
export async function request<S extends z.ZodType>(
  method: string,
  path: string,
  schema: S | null,
  body?: unknown,
): Promise<z.infer<S>> {
  let res: Response;
  try {
    const session = await sessionHeaders(method);
    res = await fetch(path, {
      method,
      headers: {
        ...session,
        ...(body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('Cannot reach the Scoreflow server. Is it running?', 0, 'network');
  }
  if (res.status === 401) onUnauthorized();
  if (!res.ok) throw await problemFrom(res);
  if (schema === null || res.status === 204) return undefined as z.infer<S>;
  const json: unknown = await res.json();
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiError(`Unexpected answer from ${path}: ${parsed.error.message}`, res.status, 'bad-response');
  }
  return parsed.data;
}
