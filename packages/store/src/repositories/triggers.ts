import type { Db } from '../database.js';
import { prepare } from '../prepared.js';
import type { RepositoryContext } from './context.js';

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
 * published, and clears it when the flow is paused; the runtime reads it, through the catalog kept in
 * memory (catalog.ts), to match incoming work.
 */
export interface TriggersRepository {
  /** Replaces every index row of the flow with `rows`, all pointing at `version`. */
  replaceForFlow(flowId: string, version: number, rows: readonly TriggerRow[]): Promise<void>;
  clearForFlow(flowId: string): Promise<void>;
  /** Flows whose trigger of `triggerType` listens to `key`, in a stable order. */
  find(triggerType: string, key: string): Promise<TriggerMatch[]>;
  listForFlow(flowId: string): Promise<(TriggerRow & { version: number })[]>;
}

export function createTriggersRepository(ctx: RepositoryContext): TriggersRepository {
  const { db, transaction } = ctx;
  // Asked once per trigger key of every event.
  const find = prepare(ctx, (db, p: { triggerType: string; key: string }) =>
    db
      .selectFrom('flow_triggers')
      .select(['flow_id as flowId', 'version', 'node_id as nodeId'])
      .where('trigger_type', '=', p.triggerType)
      .where('key', '=', p.key)
      .orderBy('flow_id')
      .orderBy('node_id'),
  );
  const clear = async (trx: Db, flowId: string) => {
    await trx.deleteFrom('flow_triggers').where('flow_id', '=', flowId).execute();
  };

  return {
    replaceForFlow: (flowId, version, rows) =>
      transaction(async () => {
        const trx = db();
        await clear(trx, flowId);
        if (rows.length === 0) return;
        await trx
          .insertInto('flow_triggers')
          .values(
            rows.map((row) => ({
              flow_id: flowId,
              version,
              node_id: row.nodeId,
              trigger_type: row.triggerType,
              key: row.key,
            })),
          )
          .onConflict((oc) => oc.columns(['flow_id', 'node_id', 'trigger_type', 'key']).doNothing())
          .execute();
      }),
    clearForFlow: (flowId) => clear(db(), flowId),
    find: (triggerType, key) => find.rows({ triggerType, key }),
    listForFlow: (flowId) =>
      db()
        .selectFrom('flow_triggers')
        .select(['node_id as nodeId', 'trigger_type as triggerType', 'key', 'version'])
        .where('flow_id', '=', flowId)
        .orderBy('node_id')
        .orderBy('trigger_type')
        .orderBy('key')
        .execute(),
  };
}
