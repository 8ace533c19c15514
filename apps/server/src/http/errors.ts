/**
 * Coded errors. Services throw an AppError with a code; the problem middleware maps the code to an
 * HTTP status and answers application/problem+json (RFC 9457). Keeping the status table here, not at
 * throw sites, means a code always answers the same way wherever it is raised.
 */
import { CodedError } from '@scoreflow/flow';

export const ERROR_STATUS = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  flow_invalid: 422,
  template_invalid: 422,
  too_many_requests: 429,
  service_unavailable: 503,
  internal: 500,
  bad_gateway: 502,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

const TITLES: Record<ErrorCode, string> = {
  bad_request: 'Bad request',
  validation_failed: 'The request body is not valid',
  unauthorized: 'Authentication required',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  conflict: 'Conflict with the current state',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  flow_invalid: 'The flow has errors',
  template_invalid: 'The template does not render',
  too_many_requests: 'Too many requests',
  service_unavailable: 'Service unavailable',
  internal: 'Internal error',
  bad_gateway: 'A service outside Scoreflow failed',
};

/** One entry of a problem's `errors` list: what was wrong and where (a JSON pointer into the body). */
export interface ProblemError {
  pointer: string;
  code?: string;
  message: string;
  [extra: string]: unknown;
}

export class AppError extends CodedError<ErrorCode> {
  readonly errors: ProblemError[] | undefined;

  constructor(code: ErrorCode, detail: string, errors?: ProblemError[]) {
    super(code, detail);
    this.errors = errors;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  get title(): string {
    return TITLES[this.code];
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} does not exist`);

export { toJsonPointer } from '@scoreflow/flow';
