/**
 * The base of every error this project raises on purpose: a stable `code` that callers branch on
 * (and the HTTP layer maps to a status) without parsing messages. Each package narrows `C` to its
 * own codes, so a code that is not in its list is a compile error.
 */
export class CodedError<C extends string = string> extends Error {
  readonly code: C;
  /** Facts about the failure for logs and callers; never shown to an API client as they are. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: C,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    // The subclass's own name, so logs and stack traces say which layer raised it.
    this.name = new.target.name;
    this.code = code;
    this.details = options.details;
  }
}
