import { CodedError } from '@scoreflow/flow';

/** Stable codes for why a run failed or an engine call was refused. */
export type EngineErrorCode =
  | 'node_not_found'
  | 'unknown_node_type'
  | 'invalid_config'
  | 'not_a_trigger'
  | 'not_a_wait'
  | 'not_a_condition'
  | 'outcome_mismatch'
  | 'step_budget_exceeded'
  | 'executor_failed'
  /** A grade condition names a scoring model that does not grade contacts. */
  | 'unknown_model'
  /** A bug or a document that is not a FlowDocument at all. */
  | 'internal_error';

/** An error raised by the engine, with a stable code. */
export class EngineError extends CodedError<EngineErrorCode> {}

/** Whether `error` is an EngineError, optionally with the given code. */
export function isEngineError(error: unknown, code?: EngineErrorCode): error is EngineError {
  return error instanceof EngineError && (code === undefined || error.code === code);
}

/** The invalid_config error for a node, listing every problem with its config path. */
export function invalidConfigError(
  node: { id: string; type: string },
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): EngineError {
  const problems = issues.map((i) => `${i.path.map(String).join('.') || 'config'}: ${i.message}`);
  return new EngineError(
    'invalid_config',
    `Node ${node.id} (${node.type}) has an invalid config: ${problems.join('; ')}`,
  );
}
