import type { FlowNode, NodeConfig, NodeType } from '@scoreflow/flow';
import type { RunState } from '../state.js';
import type { TypesOfKind, WaitRequest } from '../types.js';

export type { TypesOfKind } from '../types.js';

/** What an executor gets: its node, the node's parsed config and the run's working state. */
export interface ExecArgs<T extends NodeType> {
  node: FlowNode;
  config: NodeConfig<T>;
  state: RunState;
}

/**
 * What a node did. `handle` continues the branch on that output; a node with neither `handle`,
 * `wait` nor `exit` ends its branch.
 */
export interface Outcome {
  output: Record<string, unknown>;
  handle?: string;
  /** Pauses this branch; the runtime resumes it later. */
  wait?: WaitRequest;
  /** Ends the whole run with this reason. */
  exit?: string;
}

export type Executor<T extends NodeType> = (args: ExecArgs<T>) => Outcome;

/** One kind's share of the executor table; the full table is checked for exhaustiveness. */
export type ExecutorGroup<K extends string> = { [T in TypesOfKind<K>]: Executor<T> };
