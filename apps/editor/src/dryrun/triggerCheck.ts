import { crossedThreshold, matchesEventTrigger } from '@scoreflow/engine';
import type { FlowDocument, NodeConfig } from '@scoreflow/flow';
import type { DryRunInput } from './dryRun.js';

/**
 * Why the chosen trigger would not start a run for the test contact and event, in words, or null when
 * it would. The runtime only starts a run when its trigger matches; a dry run that started anyway
 * would show a path no real contact takes. A threshold trigger reads the test contact's score as the
 * value just reached (from the other side of the threshold); tag and list triggers need the contact
 * to have what was just added.
 */
export function whyTriggerWouldNotStart(doc: FlowDocument, input: DryRunInput): string | null {
  const node = doc.nodes.find((n) => n.id === input.triggerNodeId);
  if (!node) return 'The chosen trigger is no longer in the flow.';
  switch (node.type) {
    case 'trigger.event': {
      const config = node.config as NodeConfig<'trigger.event'>;
      const event = {
        id: 'dry-run-event',
        type: input.eventType,
        properties: input.eventProperties,
        occurredAt: 0,
      };
      if (matchesEventTrigger(config, event)) return null;
      if (input.eventType !== config.event)
        return `This trigger starts on "${config.event}", not on "${input.eventType}": no run would start.`;
      return `The event "${config.event}" does not pass this trigger's filters with these properties: no run would start.`;
    }
    case 'trigger.scoreThreshold': {
      const config = node.config as NodeConfig<'trigger.scoreThreshold'>;
      const value = input.scores[config.score] ?? 0;
      const from = config.direction === 'up' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
      if (crossedThreshold(config, from, value)) return null;
      return config.direction === 'up'
        ? `${config.score} is ${value}: this trigger starts when ${config.score} reaches ${config.value} going up. Set ${config.score} to ${config.value} or more to try it.`
        : `${config.score} is ${value}: this trigger starts when ${config.score} falls below ${config.value}. Set ${config.score} below ${config.value} to try it.`;
    }
    case 'trigger.tagAdded': {
      const { tag } = node.config as NodeConfig<'trigger.tagAdded'>;
      return input.tags.includes(tag)
        ? null
        : `This trigger starts when the tag ${tag} is added: add ${tag} to the test contact's tags to try it.`;
    }
    case 'trigger.listJoined': {
      const { list } = node.config as NodeConfig<'trigger.listJoined'>;
      return input.lists.includes(list)
        ? null
        : `This trigger starts when the contact joins ${list}: add ${list} to the test contact's lists to try it.`;
    }
    default:
      return null;
  }
}
