import type { ExpressionBuilder } from 'kysely';
import type { DB } from '../schema.js';
import type { RepositoryContext } from './context.js';

/** Score-threshold triggers with hysteresis that fired and wait for the score to move back. */
export interface ThresholdStateRepository {
  isDisarmed(contactId: string, flowId: string, nodeId: string): Promise<boolean>;
  disarm(contactId: string, flowId: string, nodeId: string): Promise<void>;
  /** True when it was disarmed. */
  rearm(contactId: string, flowId: string, nodeId: string): Promise<boolean>;
}

export function createThresholdStateRepository({ db, now }: RepositoryContext): ThresholdStateRepository {
  const matching =
    (contactId: string, flowId: string, nodeId: string) =>
    ({ and }: ExpressionBuilder<DB, 'threshold_disarmed'>) =>
      and({ contact_id: contactId, flow_id: flowId, node_id: nodeId });
  return {
    async isDisarmed(c, f, n) {
      const row = await db()
        .selectFrom('threshold_disarmed')
        .select((eb) => eb.lit(1).as('one'))
        .where(matching(c, f, n))
        .executeTakeFirst();
      return row !== undefined;
    },
    async disarm(c, f, n) {
      await db()
        .insertInto('threshold_disarmed')
        .values({ contact_id: c, flow_id: f, node_id: n, since: now() })
        .onConflict((oc) => oc.columns(['contact_id', 'flow_id', 'node_id']).doNothing())
        .execute();
    },
    async rearm(c, f, n) {
      const { numDeletedRows } = await db()
        .deleteFrom('threshold_disarmed')
        .where(matching(c, f, n))
        .executeTakeFirst();
      return numDeletedRows > 0n;
    },
  };
}
