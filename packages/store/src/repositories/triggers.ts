import type { LegacyRepositoryContext } from './context.js';

/** One trigger node of an active flow's running version, keyed for lookup (e.g. event type, score name). */
export interface TriggerRow {
  nodeId: string;
  /** The trigger node type, e.g. `trigger.event`. */
  triggerType: string;
  /** What the trigger listens to: the event type, score name, tag, list or attribute. */
  key: string;
}

/** A trigger index match: which node of which flow version starts on the lookup. */
export interface TriggerMatch {
  flowId: string;
  version: number;
  nodeId: string;
}

/**
 * The trigger index of ACTIVE flows. The server fills it when a flow is activated or an active flow is
 * published, and clears it when the flow is paused; the runtime reads it to match incoming work.
 */
export interface TriggersRepository {
  /** Replaces every index row of the flow with `rows`, all pointing at `version`. */
  replaceForFlow(flowId: string, version: number, rows: readonly TriggerRow[]): void;
  clearForFlow(flowId: string): void;
  /** Flows whose trigger of `triggerType` listens to `key`, in a stable order. */
  find(triggerType: string, key: string): TriggerMatch[];
  listForFlow(flowId: string): (TriggerRow & { version: number })[];
}

export function createTriggersRepository({ db }: LegacyRepositoryContext): TriggersRepository {
  const clear = db.prepare('DELETE FROM flow_triggers WHERE flow_id = ?');
  const insert = db.prepare(
    `INSERT INTO flow_triggers (flow_id, version, node_id, trigger_type, key)
     VALUES (@flowId, @version, @nodeId, @triggerType, @key)
     ON CONFLICT (flow_id, node_id, trigger_type, key) DO NOTHING`,
  );
  const select = db.prepare<[string, string], TriggerMatch>(
    `SELECT flow_id AS flowId, version, node_id AS nodeId FROM flow_triggers
     WHERE trigger_type = ? AND key = ? ORDER BY flow_id, node_id`,
  );
  const selectForFlow = db.prepare<[string], TriggerRow & { version: number }>(
    `SELECT node_id AS nodeId, trigger_type AS triggerType, key, version FROM flow_triggers
     WHERE flow_id = ? ORDER BY node_id, trigger_type, key`,
  );

  const replace = db.transaction((flowId: string, version: number, rows: readonly TriggerRow[]) => {
    clear.run(flowId);
    for (const row of rows) {
      insert.run({ flowId, version, nodeId: row.nodeId, triggerType: row.triggerType, key: row.key });
    }
  });

  return {
    replaceForFlow: (flowId, version, rows) => replace.immediate(flowId, version, rows),
    clearForFlow: (flowId) => void clear.run(flowId),
    find: (triggerType, key) => select.all(triggerType, key),
    listForFlow: (flowId) => selectForFlow.all(flowId),
  };
}
