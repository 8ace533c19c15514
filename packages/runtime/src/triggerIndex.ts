import { type FlowDocument, getNodeDefinition, type NodeConfig, type NodeType } from '@scoreflow/flow';

/** One row of the trigger index: which node of which flow starts on (triggerType, key). */
export interface TriggerIndexRow {
  nodeId: string;
  triggerType: string;
  key: string;
}

/**
 * The trigger index rows of a flow version: each trigger node under the key its catalog definition
 * names (an event type, a score name, a tag...). Incoming work is then matched with one indexed
 * lookup on (triggerType, key) instead of a scan of every active flow.
 */
export function triggerIndexRows(document: FlowDocument): TriggerIndexRow[] {
  const rows: TriggerIndexRow[] = [];
  for (const node of document.nodes) {
    const def = getNodeDefinition(node.type);
    if (!def?.triggerKey) continue;
    const parsed = def.configSchema.safeParse(node.config);
    if (!parsed.success) continue;
    const key = def.triggerKey(parsed.data as NodeConfig<NodeType>);
    if (key.length > 0) rows.push({ nodeId: node.id, triggerType: node.type, key });
  }
  return rows;
}
