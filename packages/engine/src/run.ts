import {
  type FlowDocument,
  type FlowEdge,
  type FlowNode,
  isNodeType,
  nodeCatalog,
  parseNodeConfig,
} from '@scoreflow/flow';
import { EngineError, invalidConfigError } from './errors.js';
import { resumeHandle } from './executors/control.js';
import { executors } from './executors/index.js';
import type { Executor, Outcome } from './executors/types.js';
import { FlowGraph } from './graph.js';
import { RunState } from './state.js';
import type {
  ContactView,
  EngineContext,
  EngineInput,
  EngineResult,
  StepResult,
  WaitRequest,
} from './types.js';

/** Steps a run may take across all its invocations unless the context says otherwise. */
export const DEFAULT_STEP_BUDGET = 1000;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** One invocation: the graph walk and what it collected. */
class Walk {
  readonly steps: StepResult[] = [];
  readonly edges: string[] = [];
  readonly waits: WaitRequest[] = [];
  exitReason: string | undefined;
  private readonly stack: FlowEdge[] = [];
  private readonly budget: number;
  private readonly stepsBefore: number;

  constructor(
    readonly graph: FlowGraph,
    readonly state: RunState,
    ctx: EngineContext,
  ) {
    this.budget = ctx.stepBudget ?? DEFAULT_STEP_BUDGET;
    this.stepsBefore = ctx.stepsSoFar ?? 0;
  }

  /** Queues the edges leaving `nodeId` on `handle`, so they run depth-first in document order. */
  follow(nodeId: string, handle: string): void {
    const out = this.graph.edgesFrom(nodeId, handle);
    for (let i = out.length - 1; i >= 0; i--) this.stack.push(out[i] as FlowEdge);
  }

  /** Runs queued branches until every one ends, waits, or an exit stops the run. */
  drain(): void {
    for (let edge = this.stack.pop(); edge && this.exitReason === undefined; edge = this.stack.pop()) {
      const target = this.graph.node(edge.target);
      if (!target) {
        throw new EngineError('node_not_found', `Edge ${edge.id} points to missing node ${edge.target}`);
      }
      this.spend();
      this.edges.push(edge.id);
      this.execute(target);
    }
  }

  /** Counts one step against the budget; a flow that loops without waiting ends here. */
  spend(): void {
    if (this.stepsBefore + this.steps.length >= this.budget) {
      throw new EngineError('step_budget_exceeded', `step budget of ${this.budget} exceeded: the flow loops`);
    }
  }

  /** Executes one node, records its step and queues what follows it. */
  execute(node: FlowNode): void {
    let outcome: Outcome;
    try {
      outcome = runExecutor(node, this.state);
    } catch (error) {
      this.steps.push({
        nodeId: node.id,
        nodeType: node.type,
        status: 'error',
        output: {},
        error: message(error),
      });
      throw error;
    }
    const step: StepResult = { nodeId: node.id, nodeType: node.type, status: 'ok', output: outcome.output };
    if (outcome.handle !== undefined) step.handle = outcome.handle;
    this.steps.push(step);
    if (outcome.exit !== undefined) this.exitReason = outcome.exit;
    else if (outcome.wait) this.waits.push(outcome.wait);
    else if (outcome.handle !== undefined) this.follow(node.id, outcome.handle);
  }
}

function runExecutor(node: FlowNode, state: RunState): Outcome {
  const type = node.type;
  if (!isNodeType(type)) {
    throw new EngineError('unknown_node_type', `Node ${node.id} has an unknown type "${type}"`);
  }
  const parsed = parseNodeConfig(type, node.config);
  if (!parsed.success) throw invalidConfigError(node, parsed.error.issues);
  // The table is keyed by type, but TypeScript cannot correlate the lookup with the parsed config.
  const executor = executors[type] as Executor<typeof type>;
  try {
    return executor({ node, config: parsed.data, state });
  } catch (error) {
    throw new EngineError('executor_failed', `Node ${node.id} (${type}) failed: ${message(error)}`);
  }
}

function requireNode(graph: FlowGraph, id: string): FlowNode {
  const node = graph.node(id);
  if (!node) throw new EngineError('node_not_found', `Node ${id} is not in this flow version`);
  return node;
}

function enter(walk: Walk, input: EngineInput): void {
  if (input.kind === 'start') {
    const node = requireNode(walk.graph, input.triggerNodeId);
    if (!isNodeType(node.type) || nodeCatalog[node.type].kind !== 'trigger') {
      throw new EngineError('not_a_trigger', `Node ${node.id} (${node.type}) is not a trigger`);
    }
    walk.spend();
    walk.execute(node);
    return;
  }
  if (input.kind === 'retry') {
    const node = requireNode(walk.graph, input.nodeId);
    walk.spend();
    walk.execute(node);
    return;
  }
  const node = requireNode(walk.graph, input.waitNodeId);
  if (isNodeType(node.type) && nodeCatalog[node.type].kind === 'action' && input.outcome === 'elapsed') {
    // An action that postponed itself (a send a frequency cap held back) runs again when its time comes.
    walk.spend();
    walk.execute(node);
    return;
  }
  if (!isNodeType(node.type)) {
    throw new EngineError('not_a_wait', `Node ${node.id} (${node.type}) is not a wait`);
  }
  const handle = resumeHandle(node.type, input.outcome);
  if (handle === undefined) {
    const code = node.type === 'control.wait' ? 'outcome_mismatch' : 'not_a_wait';
    throw new EngineError(
      code,
      `Node ${node.id} (${node.type}) cannot resume with outcome "${input.outcome}"`,
    );
  }
  walk.spend();
  // The resume is a step of its own, so the run history shows which branch the wait took.
  const output: Record<string, unknown> = { outcome: input.outcome };
  if (input.event) output.eventId = input.event.id;
  walk.steps.push({ nodeId: node.id, nodeType: node.type, status: 'ok', output, handle });
  walk.follow(node.id, handle);
}

/**
 * Runs a flow version for one contact from a trigger or a resumed wait, until every branch ends,
 * waits, or an exit stops the run. Pure: no IO, no clock, no randomness; the contact passed in is
 * not changed. Never throws: a bad config, an executor error or an exhausted step budget end the
 * run as 'failed', keeping the steps and effects made before.
 */
export function runFlow(
  doc: FlowDocument,
  contact: ContactView,
  input: EngineInput,
  ctx: EngineContext,
): EngineResult {
  const state = new RunState(contact, ctx, input.event, doc.settings);
  let walk: Walk | undefined;
  const base = () => ({
    steps: walk?.steps ?? [],
    effects: state.effects,
    contact: state.contact,
    edges: walk?.edges ?? [],
  });
  try {
    walk = new Walk(new FlowGraph(doc), state, ctx);
    enter(walk, input);
    walk.drain();
    if (walk.exitReason !== undefined) {
      return { ...base(), status: 'exited', waits: [], exitReason: walk.exitReason };
    }
    const status = walk.waits.length > 0 ? 'waiting' : 'completed';
    return { ...base(), status, waits: walk.waits };
  } catch (error) {
    const code = error instanceof EngineError ? error.code : 'internal_error';
    return { ...base(), status: 'failed', waits: [], error: message(error), errorCode: code };
  }
}
