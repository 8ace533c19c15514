import type { RepositoryContext } from './context.js';

const DAY_MS = 86_400_000;

/** Per-day counters of the runs that passed each edge of a flow, for the live canvas. */
export interface EdgeCountsRepository {
  /** Counts one pass over each edge at `atMs` (default now). */
  increment(flowId: string, flowVersion: number, edgeIds: readonly string[], atMs?: number): Promise<void>;
  /** Passes per edge id over every version of the flow since `sinceMs`. */
  since(flowId: string, sinceMs: number): Promise<Record<string, number>>;
}

export function createEdgeCountsRepository({ db, now }: RepositoryContext): EdgeCountsRepository {
  return {
    async increment(flowId, flowVersion, edgeIds, atMs = now()) {
      if (edgeIds.length === 0) return;
      const day = Math.floor(atMs / DAY_MS);
      // All edges in one statement. An edge passed twice is one row counting 2: PostgreSQL refuses an
      // upsert that touches the same row twice. Rows go in edge order, so two transactions counting
      // the same edges lock their rows in the same order and cannot deadlock.
      const passes = new Map<string, number>();
      for (const edgeId of [...edgeIds].sort()) passes.set(edgeId, (passes.get(edgeId) ?? 0) + 1);
      await db()
        .insertInto('flow_edge_counts')
        .values(
          [...passes].map(([edgeId, count]) => ({
            flow_id: flowId,
            flow_version: flowVersion,
            edge_id: edgeId,
            day,
            count,
          })),
        )
        .onConflict((oc) =>
          oc
            .columns(['flow_id', 'flow_version', 'edge_id', 'day'])
            .doUpdateSet((eb) => ({ count: eb('flow_edge_counts.count', '+', eb.ref('excluded.count')) })),
        )
        .execute();
    },
    async since(flowId, sinceMs) {
      const rows = await db()
        .selectFrom('flow_edge_counts')
        .select((eb) => ['edge_id', eb.fn.sum<number>('count').as('n')])
        .where('flow_id', '=', flowId)
        .where('day', '>=', Math.floor(sinceMs / DAY_MS))
        .groupBy('edge_id')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.edge_id, r.n]));
    },
  };
}
