import {
  type ContactView,
  type Effect,
  type EngineInput,
  type EngineResult,
  type OutboundEffect,
  runFlow,
} from '@scoreflow/engine';
import {
  type EngagementLevel,
  type FlowDocument,
  type FlowNode,
  type GradedModel,
  getNodeDefinition,
  isNodeType,
  type NodeConfig,
  type NodeDefinition,
  type NodeType,
} from '@scoreflow/flow';

/** The test contact and event a marketer describes in the dry-run panel. */
export type DryRunInput = {
  scores: Record<string, number>;
  tags: string[];
  lists: string[];
  attributes: Record<string, unknown>;
  engagement: EngagementLevel;
  triggerNodeId: string;
  eventType: string;
  eventProperties: Record<string, unknown>;
  /** The workspace's grading scoring models, for grade conditions and the grade of each day. */
  gradedModels?: readonly GradedModel[];
};

/**
 * The flow a dry run runs as: the draft may not be saved yet, so a split's branch in a dry run is the
 * test contact's own (stable from one dry run to the next), not the one the flow's contacts get.
 */
export const DRY_RUN_FLOW = 'dry-run';

type StartInput = Extract<EngineInput, { kind: 'start' }>;

/** Where the run continues from when the marketer steps past a wait. */
export type Resume = { waitNodeId: string; outcome: 'elapsed' | 'event' | 'timeout' };

/** Steps, edges and effects of one or more engine invocations, ready to show. */
export type DryRunResult = {
  result: EngineResult;
  /** Everything highlighted so far, across continued waits. */
  nodeIds: string[];
  edgeIds: string[];
  effects: Effect[];
  /** The grading models the run started with, for the waits it continues past. */
  gradedModels?: readonly GradedModel[];
};

/** The engine's look-up of a grading model by name, from the models the dry run was given. */
const gradedModelIn = (models: readonly GradedModel[] | undefined) => (name: string) =>
  models?.find((m) => m.name === name);

/** The triggers of a flow, as "start from" choices; event triggers bring their event type. */
export function triggerChoices(
  nodes: readonly Pick<FlowNode, 'id' | 'type' | 'config' | 'label'>[],
): { id: string; label: string; event?: string }[] {
  return nodes
    .filter((n) => isNodeType(n.type) && getNodeDefinition(n.type).kind === 'trigger')
    .map((n) => {
      const def = isNodeType(n.type) ? getNodeDefinition(n.type) : undefined;
      const event =
        n.type === 'trigger.event' && typeof n.config.event === 'string' ? n.config.event : undefined;
      return {
        id: n.id,
        label: n.label ?? `${def?.label ?? n.type}${event ? `: ${event}` : ''}`,
        ...(event ? { event } : {}),
      };
    });
}

/** The made-up contact a dry run runs, from what the marketer described. */
export function contactOf(input: DryRunInput): ContactView {
  return {
    id: 'dry-run-contact',
    email: 'test.contact@example.com',
    attributes: input.attributes,
    scores: input.scores,
    tags: input.tags,
    lists: input.lists,
    engagement: input.engagement,
  };
}

/** How the test contact enters: through the chosen trigger, with its event happening at `now`. */
export function startOf(input: DryRunInput, now: number): StartInput {
  return {
    kind: 'start',
    triggerNodeId: input.triggerNodeId,
    event: { id: 'dry-run-event', type: input.eventType, properties: input.eventProperties, occurredAt: now },
  };
}

/**
 * Runs the flow in the browser with the shared engine. Nothing is stored or sent: the engine is
 * pure and its effects are only listed. Event history is empty (event-count conditions see 0).
 */
export function startDryRun(doc: FlowDocument, input: DryRunInput, now = Date.now()): DryRunResult {
  const result = runFlow(doc, contactOf(input), startOf(input, now), {
    now,
    flowId: DRY_RUN_FLOW,
    countEvents: () => 0,
    gradedModel: gradedModelIn(input.gradedModels),
  });
  return {
    result,
    nodeIds: result.steps.map((s) => s.nodeId),
    edgeIds: result.edges,
    effects: result.effects,
    ...(input.gradedModels ? { gradedModels: input.gradedModels } : {}),
  };
}

/** Continues a waiting dry run past one of its waits, keeping the path and effects so far. */
export function continueDryRun(
  doc: FlowDocument,
  previous: DryRunResult,
  resume: Resume,
  now = Date.now(),
): DryRunResult {
  const result = runFlow(
    doc,
    previous.result.contact,
    { kind: 'resume', waitNodeId: resume.waitNodeId, outcome: resume.outcome },
    {
      now,
      flowId: DRY_RUN_FLOW,
      countEvents: () => 0,
      stepsSoFar: previous.nodeIds.length,
      gradedModel: gradedModelIn(previous.gradedModels),
    },
  );
  return {
    result,
    nodeIds: [...previous.nodeIds, ...result.steps.map((s) => s.nodeId)],
    edgeIds: [...previous.edgeIds, ...result.edges],
    effects: [...previous.effects, ...result.effects],
    ...(previous.gradedModels ? { gradedModels: previous.gradedModels } : {}),
  };
}

/** One effect in words: "+10 SCORE (now 55)", "Add to list Qualified", "Send email talk-to-sales". */
export function describeEffect(e: Effect): string {
  switch (e.kind) {
    case 'score':
      return `${e.delta >= 0 ? '+' : ''}${e.delta} ${e.score} (now ${e.value})`;
    case 'attribute':
      return e.value === null
        ? `Clear attribute ${e.attribute}`
        : `Set ${e.attribute} to ${JSON.stringify(e.value)}`;
    case 'tag':
      return `${e.op === 'add' ? 'Add tag' : 'Remove tag'} ${e.tag}`;
    case 'list':
      return `${e.op === 'add' ? 'Add to list' : 'Remove from list'} ${e.list}`;
    case 'outbound':
      return describeOutbound(e);
  }
}

/** Outbound actions read as their node's summary, unless they say more here. */
function describeOutbound(e: OutboundEffect): string {
  switch (e.nodeType) {
    case 'action.webhook':
      return `Call webhook ${e.config.url}`;
    case 'action.notifySales':
      return `Notify sales (${e.config.to}): ${e.config.message}`;
    default:
      return (getNodeDefinition(e.nodeType) as NodeDefinition).summary(e.config as NodeConfig<NodeType>);
  }
}
