import {
  type ApiDiagnostic,
  answerSchema,
  type BodyOf,
  type PathParams,
  Problem,
  type QueryOf,
  type ResultOf,
  type Route,
  urlOf,
} from '@scoreflow/api';
import { CodedError } from '@scoreflow/flow';
import type { z } from 'zod';
import { onUnauthorized, sessionHeaders } from './session.js';

/** One thing a problem answer says was wrong, and where (a JSON pointer into what was sent). */
export interface ProblemDetail {
  pointer: string;
  message: string;
}

/** An API call that failed; `message` is written for a person, `errors` carries flow diagnostics. */
export class ApiError extends CodedError {
  // Spelled out: the bundler renames classes, so the constructor's own name is not kept.
  override readonly name = 'ApiError';
  constructor(
    message: string,
    readonly status: number,
    /** The problem's type URI, or `http` / `network` when the answer was no problem. */
    code: string,
    /** Flow diagnostics, for the canvas to mark. */
    readonly errors: ApiDiagnostic[] = [],
    /** Body-validation problems by JSON pointer (`/email`), so a form can show each by its field. */
    readonly fields: Record<string, string> = {},
    /** Every problem the answer listed that is not a flow diagnostic, in order. */
    readonly problems: ProblemDetail[] = [],
    /** The answer's title and detail alone, for screens that list `problems` themselves. */
    readonly summary: string = message,
  ) {
    super(code, message);
  }
}

const isDiagnostic = (e: unknown): e is ApiDiagnostic =>
  typeof e === 'object' && e !== null && 'severity' in e && 'code' in e;

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
    const diagnostics = errors.filter(isDiagnostic);
    // Errors that are not flow diagnostics are shown in the message, so a person sees what to fix.
    const problems = errors
      .filter((e) => !isDiagnostic(e))
      .map((e) => ({ pointer: e.pointer ?? '', message: e.message }));
    const details = problems.slice(0, 5).map((e) => (e.pointer ? `${e.pointer}: ${e.message}` : e.message));
    if (problems.length > 5) details.push(`and ${problems.length - 5} more`);
    // The detail is written for people ("No email server is configured: set SMTP_URL"); the title is
    // the status in words, shown only when there is nothing better.
    const summary = p.detail || p.title || '';
    const message = [summary, ...details].join(' · ');
    const fields: Record<string, string> = {};
    for (const e of problems) if (e.pointer && !(e.pointer in fields)) fields[e.pointer] = e.message;
    const code = p.type ?? `http-${res.status}`;
    return new ApiError(message, res.status, code, diagnostics, fields, problems, summary);
  }
  return new ApiError(`The server answered ${res.status} ${res.statusText}`.trim(), res.status, 'http');
}

/** What a request sends: JSON, or text of a media type (CSV). */
export type RequestBody = { json: unknown } | { text: string; type: string };

async function send(method: string, url: string, body?: RequestBody): Promise<Response> {
  let res: Response;
  try {
    const session = await sessionHeaders(method);
    const headers: Record<string, string> = { ...session, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'json' in body ? 'application/json' : body.type;
    res = await fetch(url, {
      method,
      headers,
      body: body === undefined ? null : 'json' in body ? JSON.stringify(body.json) : body.text,
    });
  } catch {
    throw new ApiError('Cannot reach the Scoreflow server. Is it running?', 0, 'network');
  }
  if (res.status === 401) onUnauthorized();
  if (!res.ok) throw await problemFrom(res);
  return res;
}

async function parsed(res: Response, url: string, schema: z.ZodType | undefined | null): Promise<unknown> {
  if (schema === null || res.status === 204) return undefined;
  const json: unknown = await res.json();
  if (schema === undefined) return json;
  const result = schema.safeParse(json);
  if (!result.success) {
    throw new ApiError(`Unexpected answer from ${url}: ${result.error.message}`, res.status, 'bad-response');
  }
  return result.data;
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
  const res = await send(method, path, body === undefined ? undefined : { json: body });
  return (await parsed(res, path, schema)) as z.infer<S>;
}

type AnyRoute = Route<string, Route['responses'], z.ZodType | undefined, z.ZodObject | undefined>;

/** What a call of a contract route takes: its path parameters, query and body. */
export interface CallArgs<R extends AnyRoute> {
  params?: PathParams<R['path']>;
  query?: QueryOf<R>;
  body?: BodyOf<R>;
  /** A text body (CSV) instead of JSON, for routes that take one. */
  text?: string;
}

/**
 * Calls a route of the API contract (`@scoreflow/api`): its method and path, its parameters
 * percent-encoded, and the answer parsed with the contract's schema for the status it came with.
 */
export async function call<R extends AnyRoute>(route: R, args: CallArgs<R> = {}): Promise<ResultOf<R>> {
  const url = urlOf(
    route,
    (args.params ?? {}) as PathParams<R['path']>,
    args.query as Record<string, unknown>,
  );
  const body: RequestBody | undefined =
    args.text !== undefined
      ? { text: args.text, type: route.bodyType ?? 'text/plain' }
      : args.body === undefined
        ? undefined
        : { json: args.body };
  const res = await send(route.method.toUpperCase(), url, body);
  return (await parsed(res, url, answerSchema(route, res.status))) as ResultOf<R>;
}

/** The URL of a route, for links and downloads (CSV exports). */
export const hrefOf = <R extends AnyRoute>(route: R, params: PathParams<R['path']>): string =>
  urlOf(route, params);
