import { CodedError } from '@scoreflow/flow';

/** Codes of the errors the store throws; callers map them (e.g. to HTTP statuses) without parsing messages. */
export type StoreErrorCode =
  | 'database_too_new'
  | 'migrations_invalid'
  | 'prepared_query_invalid'
  | 'contact_identity_required'
  | 'contact_identity_conflict'
  | 'not_found';

/** An error raised by the store, with a stable code. */
export class StoreError extends CodedError<StoreErrorCode> {}

/** Whether `error` is a StoreError, optionally with the given code. */
export function isStoreError(error: unknown, code?: StoreErrorCode): error is StoreError {
  return error instanceof StoreError && (code === undefined || error.code === code);
}
