import { EngineError, type EngineErrorCode } from '@scoreflow/engine';
import type { CodedError } from '@scoreflow/flow';
import {
  DeliveryError,
  type DeliveryErrorCode,
  ManualChangeError,
  type ManualChangeErrorCode,
  MergeError,
  type MergeErrorCode,
  PreviewError,
  type PreviewErrorCode,
  RunActionError,
  type RunActionErrorCode,
  RuntimeError,
  type RuntimeErrorCode,
  TemplateRenderError,
} from '@scoreflow/runtime';
import { BackupError, type BackupErrorCode, StoreError, type StoreErrorCode } from '@scoreflow/store';
import { ConfigError, type ConfigErrorCode } from '../config.js';
import { AppError, ERROR_STATUS, type ErrorCode } from './errors.js';

/**
 * How a coded error from another layer answers when it escapes a route. One table per error class,
 * keyed by its whole code type, so a new code does not compile until it has an answer here.
 */
const STORE: Record<StoreErrorCode, ErrorCode> = {
  not_found: 'not_found',
  contact_identity_required: 'bad_request',
  contact_identity_conflict: 'conflict',
  // The database and the code disagree: nothing the client can change.
  database_too_new: 'internal',
  migrations_invalid: 'internal',
  prepared_query_invalid: 'internal',
};

const BACKUP: Record<BackupErrorCode, ErrorCode> = {
  backup_missing: 'not_found',
  target_is_source: 'bad_request',
  backup_has_wal: 'bad_request',
  backup_corrupt: 'bad_request',
  backup_not_scoreflow: 'bad_request',
  backup_too_new: 'bad_request',
  // A migration ran during the copy: trying again works.
  schema_changed: 'conflict',
  source_missing: 'internal',
};

const ENGINE: Record<EngineErrorCode, ErrorCode> = {
  // The flow version itself cannot run.
  node_not_found: 'flow_invalid',
  unknown_node_type: 'flow_invalid',
  invalid_config: 'flow_invalid',
  step_budget_exceeded: 'flow_invalid',
  unknown_model: 'flow_invalid',
  // The caller asked the engine for something the node is not: a bug on our side.
  not_a_trigger: 'internal',
  not_a_wait: 'internal',
  not_a_condition: 'internal',
  outcome_mismatch: 'internal',
  executor_failed: 'internal',
  internal_error: 'internal',
};

const RUNTIME: Record<RuntimeErrorCode, ErrorCode> = {
  redis_unreachable: 'service_unavailable',
  redis_missing: 'service_unavailable',
  redis_eviction_policy: 'service_unavailable',
  redis_start_failed: 'service_unavailable',
  redis_address_invalid: 'service_unavailable',
  event_unprocessable: 'bad_request',
};

const RUN_ACTION: Record<RunActionErrorCode, ErrorCode> = {
  run_not_found: 'not_found',
  run_not_failed: 'conflict',
  run_not_active: 'conflict',
  nothing_to_retry: 'conflict',
  no_published_version: 'conflict',
  no_wait: 'conflict',
};

const MANUAL_CHANGE: Record<ManualChangeErrorCode, ErrorCode> = {
  contact_not_found: 'not_found',
  no_change: 'conflict',
};

const MERGE: Record<MergeErrorCode, ErrorCode> = {
  contact_not_found: 'not_found',
  same_contact: 'bad_request',
  already_merged: 'conflict',
};

const DELIVERY: Record<DeliveryErrorCode, ErrorCode> = {
  delivery_failed: 'bad_gateway',
  // A blocked target or a template that does not render: what was asked for cannot be sent.
  delivery_refused: 'bad_request',
};

const TEMPLATE_RENDER: Record<TemplateRenderError['code'], ErrorCode> = {
  template_render_failed: 'bad_request',
};

const PREVIEW: Record<PreviewErrorCode, ErrorCode> = {
  preview_contact_not_found: 'not_found',
  // The installation has no email server: a state the admin changes, not a failure of the request.
  email_not_configured: 'conflict',
};

const CONFIG: Record<ConfigErrorCode, ErrorCode> = {
  config_invalid: 'internal',
  data_dir_busy: 'service_unavailable',
};

interface Mapping {
  type: abstract new (...args: never[]) => CodedError;
  table: Readonly<Record<string, ErrorCode>>;
}

/** Ties a class to a table of exactly its codes. */
const mapping = <C extends string>(
  type: abstract new (...args: never[]) => CodedError<C>,
  table: Record<C, ErrorCode>,
): Mapping => ({ type, table });

const MAPPINGS: readonly Mapping[] = [
  mapping(StoreError, STORE),
  mapping(BackupError, BACKUP),
  mapping(EngineError, ENGINE),
  mapping(RuntimeError, RUNTIME),
  mapping(RunActionError, RUN_ACTION),
  mapping(ManualChangeError, MANUAL_CHANGE),
  mapping(MergeError, MERGE),
  mapping(DeliveryError, DELIVERY),
  mapping(TemplateRenderError, TEMPLATE_RENDER),
  mapping(PreviewError, PREVIEW),
  mapping(ConfigError, CONFIG),
];

/** What a server-side failure says to the client: its message may name hosts, files or internals. */
const SERVER_SIDE_DETAIL: Partial<Record<ErrorCode, string>> = {
  service_unavailable: 'A service this request needs is unavailable; the error was logged.',
  bad_gateway: 'A service outside Scoreflow failed; the error was logged.',
};
export const INTERNAL_DETAIL = 'Something went wrong on our side; the error was logged.';

/**
 * The AppError a coded error from another layer answers with, or undefined for an error that is not
 * one of them (or has a code its class does not list). A 5xx answer does not repeat the message.
 */
export function appErrorOf(err: unknown): AppError | undefined {
  for (const { type, table } of MAPPINGS) {
    if (!(err instanceof type)) continue;
    const code = Object.hasOwn(table, err.code) ? table[err.code] : undefined;
    if (code === undefined) return undefined;
    if (ERROR_STATUS[code] < 500) return new AppError(code, err.message);
    return new AppError(code, SERVER_SIDE_DETAIL[code] ?? INTERNAL_DETAIL);
  }
  return undefined;
}
