import type { FlowDocument } from '@scoreflow/flow';

/** One row of the trigger index: which node of which flow starts on (triggerType, key). */
export interface TriggerIndexRow {
  nodeId: string;
  triggerType: string;
  key: string;
}

/**
 * The config field that a trigger type is looked up by. Incoming work (an event type, a changed score,
 * an added tag...) is matched with one indexed lookup on (triggerType, key) instead of a scan of every
 * active flow.
 */
const KEY_FIELD: Record<string, string> = {
  'trigger.event': 'event',
  'trigger.scoreThreshold': 'score',
  'trigger.tagAdded': 'tag',
  'trigger.listJoined': 'list',
  'trigger.attributeChanged': 'attribute',
};

export function triggerIndexRows(document: FlowDocument): TriggerIndexRow[] {
  const rows: TriggerIndexRow[] = [];
  for (const node of document.nodes) {
    const field = KEY_FIELD[node.type];
    if (!field) continue;
    const key = node.config[field];
    if (typeof key === 'string' && key.length > 0)
      rows.push({ nodeId: node.id, triggerType: node.type, key });
  }
  return rows;
}
