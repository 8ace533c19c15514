/** Codes of the errors the store throws; callers map them (e.g. to HTTP statuses) without parsing messages. */
export type StoreErrorCode =
  | 'database_too_new'
  | 'migrations_invalid'
  | 'contact_identity_required'
  | 'contact_identity_conflict'
  | 'not_found';

/** An error raised by the store, with a stable code. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string) {
    super(message);
    this.name = 'StoreError';
    this.code = code;
  }
}

/** Whether `error` is a StoreError, optionally with the given code. */
export function isStoreError(error: unknown, code?: StoreErrorCode): error is StoreError {
  return error instanceof StoreError && (code === undefined || error.code === code);
}
