import type { z } from 'zod';
import { kindHasInput, type NodeKind, type NodeSpec } from './define.js';
import { addTagAction } from './nodes/action.addTag.js';
import { addToListAction } from './nodes/action.addToList.js';
import { adjustScoreAction } from './nodes/action.adjustScore.js';
import { notifySalesAction } from './nodes/action.notifySales.js';
import { removeFromListAction } from './nodes/action.removeFromList.js';
import { removeTagAction } from './nodes/action.removeTag.js';
import { sendEmailAction } from './nodes/action.sendEmail.js';
import { setAttributeAction } from './nodes/action.setAttribute.js';
import { setScoreAction } from './nodes/action.setScore.js';
import { webhookAction } from './nodes/action.webhook.js';
import { attributeCondition } from './nodes/condition.attribute.js';
import { engagementCondition } from './nodes/condition.engagement.js';
import { eventCountCondition } from './nodes/condition.eventCount.js';
import { gradeCondition } from './nodes/condition.grade.js';
import { hasTagCondition } from './nodes/condition.hasTag.js';
import { inListCondition } from './nodes/condition.inList.js';
import { scoreCondition } from './nodes/condition.score.js';
import { splitCondition } from './nodes/condition.split.js';
import { abTestControl } from './nodes/control.abTest.js';
import { exitControl } from './nodes/control.exit.js';
import { waitControl } from './nodes/control.wait.js';
import { waitForEventControl } from './nodes/control.waitForEvent.js';
import { waitUntilDateControl } from './nodes/control.waitUntilDate.js';
import { waitUntilTimeControl } from './nodes/control.waitUntilTime.js';
import { accountThresholdTrigger } from './nodes/trigger.accountThreshold.js';
import { attributeChangedTrigger } from './nodes/trigger.attributeChanged.js';
import { bandChangedTrigger } from './nodes/trigger.bandChanged.js';
import { engagementChangedTrigger } from './nodes/trigger.engagementChanged.js';
import { eventTrigger } from './nodes/trigger.event.js';
import { gradeChangedTrigger } from './nodes/trigger.gradeChanged.js';
import { listJoinedTrigger } from './nodes/trigger.listJoined.js';
import { scoreThresholdTrigger } from './nodes/trigger.scoreThreshold.js';
import { tagAddedTrigger } from './nodes/trigger.tagAdded.js';

/**
 * Every node type, in palette order. Adding a node type = a file in nodes/ plus one line here;
 * `NodeType` and `NodeConfig` follow, so the engine's executor table fails to compile until it
 * handles the new type.
 */
const definitions = [
  eventTrigger,
  scoreThresholdTrigger,
  tagAddedTrigger,
  listJoinedTrigger,
  attributeChangedTrigger,
  bandChangedTrigger,
  engagementChangedTrigger,
  gradeChangedTrigger,
  accountThresholdTrigger,
  scoreCondition,
  attributeCondition,
  hasTagCondition,
  inListCondition,
  engagementCondition,
  gradeCondition,
  eventCountCondition,
  splitCondition,
  adjustScoreAction,
  setScoreAction,
  setAttributeAction,
  addTagAction,
  removeTagAction,
  addToListAction,
  removeFromListAction,
  sendEmailAction,
  webhookAction,
  notifySalesAction,
  waitControl,
  waitForEventControl,
  waitUntilTimeControl,
  waitUntilDateControl,
  exitControl,
  abTestControl,
] as const;

type AnySpec = (typeof definitions)[number];

/** Every node type id ('trigger.event', 'action.adjustScore', ...). */
export type NodeType = AnySpec['type'];

/** The parsed config of a node type, e.g. `NodeConfig<'action.adjustScore'>`. */
export type NodeConfig<T extends NodeType> = ConfigByType[T];
type ConfigByType = { [S in AnySpec as S['type']]: S['defaultConfig'] };

/** One node type: what the palette, the config form, the handles, validation and the engine use. */
export interface NodeDefinition<out T extends NodeType = NodeType> extends NodeSpec<T, NodeConfig<T>> {
  configSchema: z.ZodType<NodeConfig<T>>;
}

/** Every node type id, in palette order (triggers, conditions, actions, control). */
export const NODE_TYPES: readonly NodeType[] = definitions.map((d) => d.type);

/** The node catalog, keyed by type id. */
export const nodeCatalog = Object.freeze(Object.fromEntries(definitions.map((d) => [d.type, d]))) as {
  readonly [T in NodeType]: NodeDefinition<T>;
};

/** Whether `type` names a node type of the catalog (own keys only: "toString" is not a node type). */
export function isNodeType(type: string): type is NodeType {
  return Object.hasOwn(nodeCatalog, type);
}

/** The definition of a node type, or undefined for a type the catalog does not know. */
export function getNodeDefinition<T extends NodeType>(type: T): NodeDefinition<T>;
export function getNodeDefinition(type: string): NodeDefinition | undefined;
export function getNodeDefinition(type: string): NodeDefinition | undefined {
  return isNodeType(type) ? nodeCatalog[type] : undefined;
}

/** Whether nodes of this type take an incoming edge (triggers do not). */
export function hasInput(type: NodeType): boolean {
  return kindHasInput(nodeCatalog[type].kind);
}

/** The node types that pause a run; a cycle must go through one of them. */
export const WAIT_NODE_TYPES: readonly NodeType[] = [
  'control.wait',
  'control.waitForEvent',
  'control.waitUntilTime',
  'control.waitUntilDate',
];

/** Node types of one kind, in palette order. */
export function nodeTypesOfKind(kind: NodeKind): NodeType[] {
  return NODE_TYPES.filter((t) => nodeCatalog[t].kind === kind);
}

/**
 * Parses a node config with its type's schema. The engine uses it to get a typed config from a
 * stored document.
 */
export function parseNodeConfig<T extends NodeType>(
  type: T,
  config: unknown,
): { success: true; data: NodeConfig<T> } | { success: false; error: z.ZodError } {
  const result = (nodeCatalog[type] as NodeDefinition<T>).configSchema.safeParse(config);
  return result.success ? { success: true, data: result.data } : { success: false, error: result.error };
}

/**
 * The output handles of a node as configured: an A/B test with three variants has A, B and C. A
 * config that does not parse gets the handles its shape implies (its type's `draftOutputs`), else
 * every handle of its type, so its connections are not reported on top of the config error.
 */
export function nodeOutputs(node: { type: string; config: unknown }): readonly string[] {
  const def = getNodeDefinition(node.type);
  if (def === undefined) return [];
  if (def.outputsFor === undefined) return def.outputs;
  const parsed = def.configSchema.safeParse(node.config);
  if (parsed.success) return def.outputsFor(parsed.data);
  return def.draftOutputs?.(node.config) ?? def.outputs;
}
