import type {
  EngagementLevel,
  FrequencyCapRule,
  GradedModel,
  NodeConfig,
  NodeType,
  SentInWindow,
} from '@scoreflow/flow';
import type { EngineErrorCode } from './errors.js';

/** What the engine knows about a contact. Missing scores count as 0. */
export interface ContactView {
  id: string;
  email?: string | null;
  attributes: Record<string, unknown>;
  scores: Record<string, number>;
  tags: string[];
  lists: string[];
  engagement: EngagementLevel;
  /** Unsubscribed contacts get no marketing email, whatever a flow says. */
  unsubscribed?: boolean;
}

/** An event as the engine sees it; `occurredAt` is in milliseconds. */
export interface EventView {
  id: string;
  type: string;
  properties: Record<string, unknown>;
  occurredAt: number;
}

/** Everything from the outside world a run may read: time, identity and event history. */
export interface EngineContext {
  /** Milliseconds; the engine never reads the clock, so runs are reproducible. */
  now: number;
  /** The flow being run: condition.split buckets a contact by flow and node (see `splitBucket`). */
  flowId: string;
  /** How many events of `type` the contact had since `sinceMs` (the runtime answers from SQLite). */
  countEvents(type: string, sinceMs: number): number;
  /**
   * The floor and cap of a named score (its definition), applied to every change of that score on top
   * of the node's own bounds. Absent: scores are unbounded unless a node bounds them.
   */
  scoreBounds?(score: string): { floor: number | null; cap: number | null } | undefined;
  /**
   * Points this contact gained from step `nodeId` of this flow since `sinceMs`, for per-contact rate
   * limits ("at most +20 per day from this action"). Absent: limits cannot be checked and do not apply.
   */
  recentGain?(nodeId: string, sinceMs: number): number;
  /** The workspace's frequency caps on emails. Absent or empty: emails are not capped. */
  frequencyCaps?(): readonly FrequencyCapRule[];
  /**
   * Emails queued for this contact (by every flow) after `sinceMs`, only those of `category` when
   * one is given. Absent: caps cannot be checked and do not apply.
   */
  emailsSent?(category: string | undefined, sinceMs: number): SentInWindow;
  /**
   * The scoring model of this name that grades contacts (its scores and thresholds), for
   * `condition.grade`. Absent, or undefined for the name: the condition fails saying so.
   */
  gradedModel?(name: string): GradedModel | undefined;
  /** Steps allowed per run across all its invocations; default 1000. */
  stepBudget?: number;
  /** Steps this run already took in earlier invocations. */
  stepsSoFar?: number;
}

/** Why the engine runs: a trigger fired, or a wait ended. */
export type EngineInput =
  | { kind: 'start'; triggerNodeId: string; event?: EventView }
  | { kind: 'resume'; waitNodeId: string; outcome: 'elapsed' | 'event' | 'timeout'; event?: EventView }
  /** Support retries a failed run: execute `nodeId` again (it failed last time) and go on from there. */
  | { kind: 'retry'; nodeId: string; event?: EventView };

/** The node types whose id starts with `kind.` ('action' → 'action.adjustScore' | ...). */
export type TypesOfKind<K extends string> = Extract<NodeType, `${K}.${string}`>;

/** A change to the contact itself, applied in the runtime's transaction; triggers may fire on it. */
export type ContactEffect =
  /** adjustScore and setScore: `delta = value - previous`, floor and cap already applied. */
  | { kind: 'score'; nodeId: string; score: string; delta: number; value: number; previous: number }
  /** `value: null` clears the attribute; `previous: null` means it was not set. */
  | { kind: 'attribute'; nodeId: string; attribute: string; value: unknown; previous: unknown }
  | { kind: 'tag'; nodeId: string; tag: string; op: 'add' | 'remove' }
  | { kind: 'list'; nodeId: string; list: string; op: 'add' | 'remove' };

/**
 * An effect that leaves the process (an email, a webhook...): the action node and its config. The
 * runtime's node table says how each action type is written to the outbox and delivered, so a new
 * outbound action needs no new effect kind.
 */
export type OutboundEffect<T extends TypesOfKind<'action'> = TypesOfKind<'action'>> = {
  [A in T]: { kind: 'outbound'; nodeId: string; nodeType: A; config: NodeConfig<A> };
}[T];

/** A change the run made, in order of execution; each names the node that made it. */
export type Effect = ContactEffect | OutboundEffect;

/** One executed node. */
export interface StepResult {
  nodeId: string;
  nodeType: string;
  status: 'ok' | 'error';
  output: Record<string, unknown>;
  /** The handle taken, e.g. 'yes'; absent for nodes that end their branch. */
  handle?: string;
  error?: string;
}

/** A branch paused at a wait node; the runtime stores it and resumes the run later. */
export type WaitRequest =
  | { nodeId: string; kind: 'delay'; dueAt: number }
  /** `dueAt` is the timeout. */
  | { nodeId: string; kind: 'event'; eventType: string; dueAt: number };

/** What one invocation of the engine did. */
export interface EngineResult {
  /** 'exited' if an exit node was reached; else 'waiting' if a wait was requested; else 'completed'. */
  status: 'completed' | 'waiting' | 'exited' | 'failed';
  steps: StepResult[];
  effects: Effect[];
  /** Empty unless the status is 'waiting': an exited or failed run does not continue. */
  waits: WaitRequest[];
  /** The contact after the effects (a new object; the input is not mutated). */
  contact: ContactView;
  exitReason?: string;
  error?: string;
  /** Set with `error`, so callers can tell causes apart without parsing messages. */
  errorCode?: EngineErrorCode;
  /** The path taken, for highlighting: edge ids traversed in order. */
  edges: string[];
}
