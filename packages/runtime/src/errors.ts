import { CodedError } from '@scoreflow/flow';

/** Errors the runtime raises at start-up or while running, each with a stable code for logs and tests. */
export type RuntimeErrorCode =
  | 'redis_unreachable'
  | 'redis_missing'
  | 'redis_eviction_policy'
  | 'redis_start_failed'
  /** REDIS_URL or REDIS_CLUSTER_NODES cannot be read as an address. */
  | 'redis_address_invalid'
  /** The stored event cannot be processed as it is (its timestamp is outside the window). */
  | 'event_unprocessable';

export class RuntimeError extends CodedError<RuntimeErrorCode> {}
