import type { LegacyRepositoryContext } from './context.js';

const DAY_MS = 86_400_000;

/** Per-day counters of the runs that passed each edge of a flow, for the live canvas. */
export interface EdgeCountsRepository {
  /** Counts one pass over each edge at `atMs` (default now). */
  increment(flowId: string, flowVersion: number, edgeIds: readonly string[], atMs?: number): void;
  /** Passes per edge id over every version of the flow since `sinceMs`. */
  since(flowId: string, sinceMs: number): Record<string, number>;
}

export function createEdgeCountsRepository({ db, now }: LegacyRepositoryContext): EdgeCountsRepository {
  const bump = db.prepare<[string, number, string, number]>(
    `INSERT INTO flow_edge_counts (flow_id, flow_version, edge_id, day, count) VALUES (?, ?, ?, ?, 1)
     ON CONFLICT (flow_id, flow_version, edge_id, day) DO UPDATE SET count = count + 1`,
  );
  const select = db.prepare<[string, number], { edgeId: string; n: number }>(
    `SELECT edge_id AS edgeId, sum(count) AS n FROM flow_edge_counts WHERE flow_id = ? AND day >= ?
     GROUP BY edge_id`,
  );
  return {
    increment(flowId, flowVersion, edgeIds, atMs = now()) {
      const day = Math.floor(atMs / DAY_MS);
      for (const edgeId of edgeIds) bump.run(flowId, flowVersion, edgeId, day);
    },
    since(flowId, sinceMs) {
      const rows = select.all(flowId, Math.floor(sinceMs / DAY_MS));
      return Object.fromEntries(rows.map((r) => [r.edgeId, r.n]));
    },
  };
}
