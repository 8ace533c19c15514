import type { LegacyRepositoryContext } from './context.js';

/** Score-threshold triggers with hysteresis that fired and wait for the score to move back. */
export interface ThresholdStateRepository {
  isDisarmed(contactId: string, flowId: string, nodeId: string): boolean;
  disarm(contactId: string, flowId: string, nodeId: string): void;
  /** True when it was disarmed. */
  rearm(contactId: string, flowId: string, nodeId: string): boolean;
}

export function createThresholdStateRepository({ db, now }: LegacyRepositoryContext): ThresholdStateRepository {
  const select = db.prepare<[string, string, string], { one: number }>(
    'SELECT 1 AS one FROM threshold_disarmed WHERE contact_id = ? AND flow_id = ? AND node_id = ?',
  );
  const insert = db.prepare<[string, string, string, number]>(
    `INSERT INTO threshold_disarmed (contact_id, flow_id, node_id, since) VALUES (?, ?, ?, ?)
     ON CONFLICT (contact_id, flow_id, node_id) DO NOTHING`,
  );
  const remove = db.prepare<[string, string, string]>(
    'DELETE FROM threshold_disarmed WHERE contact_id = ? AND flow_id = ? AND node_id = ?',
  );
  return {
    isDisarmed: (c, f, n) => select.get(c, f, n) !== undefined,
    disarm: (c, f, n) => void insert.run(c, f, n, now()),
    rearm: (c, f, n) => remove.run(c, f, n).changes > 0,
  };
}
