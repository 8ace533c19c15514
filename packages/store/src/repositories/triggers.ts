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

/** The whole trigger index as of one moment, answered from memory. */
export interface TriggerIndex {
  /** Flows whose trigger of `triggerType` listens to `key`, in a stable order (as `find`). */
  find(triggerType: string, key: string): readonly TriggerMatch[];
}

/**
 * The trigger index of ACTIVE flows. The server fills it when a flow is activated or an active flow is
 * published, and clears it when the flow is paused; the runtime reads it to match incoming work.
 */
export interface TriggersRepository {
  /** Replaces every index row of the flow with `rows`, all pointing at `version`. */
  replaceForFlow(flowId: string, version: number, rows: readonly TriggerRow[]): Promise<void>;
  clearForFlow(flowId: string): Promise<void>;
  /** Flows whose trigger of `triggerType` listens to `key`, in a stable order. */
  find(triggerType: string, key: string): Promise<TriggerMatch[]>;
  /**
   * The index as it is now, for many lookups: kept in memory by this store and read again only when the
   * database's trigger index version (moved by database triggers on every change) says it changed.
   * One small read when nothing changed. In a transaction it is at least as new as the transaction's
   * first look at the version, which is what a job needs (the lookups of one job see one index).
   */
  current(): Promise<TriggerIndex>;
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
  const versionNow = prepare(ctx, (db, _: Record<string, never>) =>
    db.selectFrom('trigger_index_version').select('version').where('id', '=', 1),
  );
  const everyRow = prepare(ctx, (db, _: Record<string, never>) =>
    db
      .selectFrom('flow_triggers')
      .select(['trigger_type as triggerType', 'key', 'flow_id as flowId', 'version', 'node_id as nodeId'])
      .orderBy('flow_id')
      .orderBy('node_id'),
  );
  // The version is read before the rows: rows committed in between make the cached index newer than
  // its version says, never older, so the worst case is one read too many.
  let cached: { version: string; index: Promise<TriggerIndex> } | undefined;
  const load = async (): Promise<TriggerIndex> => {
    const byLookup = new Map<string, TriggerMatch[]>();
    for (const { triggerType, key, ...match } of await everyRow.rows({})) {
      const lookup = `${triggerType}\n${key}`;
      const matches = byLookup.get(lookup) ?? [];
      matches.push({ ...match, version: Number(match.version) });
      byLookup.set(lookup, matches);
    }
    return { find: (triggerType, key) => byLookup.get(`${triggerType}\n${key}`) ?? [] };
  };
  const current = async (): Promise<TriggerIndex> => {
    // PostgreSQL returns bigint as a string, SQLite a number: compared as text.
    const version = String((await versionNow.first({}))?.version ?? 0);
    if (cached?.version !== version) {
      const index = load();
      cached = { version, index };
      // A failed read is not kept: the next job reads again.
      index.catch(() => {
        if (cached?.index === index) cached = undefined;
      });
    }
    return cached.index;
  };
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
    current,
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
