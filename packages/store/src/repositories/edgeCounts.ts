import type { InsertResult } from 'kysely';
import { type PreparedQuery, prepare } from '../prepared.js';
import type { RepositoryContext } from './context.js';

const DAY_MS = 86_400_000;

/** Per-day counters of the runs that passed each edge of a flow, for the live canvas. */
export interface EdgeCountsRepository {
  /** Counts one pass over each edge at `atMs` (default now). */
  increment(flowId: string, flowVersion: number, edgeIds: readonly string[], atMs?: number): Promise<void>;
  /** Passes per edge id over every version of the flow since `sinceMs`. */
  since(flowId: string, sinceMs: number): Promise<Record<string, number>>;
}

type EdgeCountsRow = { flowId: string; flowVersion: number; day: number } & Record<string, unknown>;

export function createEdgeCountsRepository(ctx: RepositoryContext): EdgeCountsRepository {
  const { db, now } = ctx;
  // One statement per number of edges passed (a flow's runs pass the same few), built once.
  const upserts = new Map<number, PreparedQuery<EdgeCountsRow, InsertResult>>();
  const upsertOf = (edges: number) => {
    let query = upserts.get(edges);
    if (!query) {
      query = prepare(ctx, (db, p: EdgeCountsRow) =>
        db
          .insertInto('flow_edge_counts')
          .values(
            Array.from({ length: edges }, (_, i) => ({
              flow_id: p.flowId,
              flow_version: p.flowVersion,
              edge_id: p[`edge${i}`] as string,
              day: p.day,
              count: p[`count${i}`] as number,
            })),
          )
          .onConflict((oc) =>
            oc
              .columns(['flow_id', 'flow_version', 'edge_id', 'day'])
              .doUpdateSet((eb) => ({ count: eb('flow_edge_counts.count', '+', eb.ref('excluded.count')) })),
          ),
      );
      upserts.set(edges, query);
    }
    return query;
  };
  return {
    async increment(flowId, flowVersion, edgeIds, atMs = now()) {
      if (edgeIds.length === 0) return;
      const day = Math.floor(atMs / DAY_MS);
      // All edges in one statement. An edge passed twice is one row counting 2: PostgreSQL refuses an
      // upsert that touches the same row twice. Rows go in edge order, so two transactions counting
      // the same edges lock their rows in the same order and cannot deadlock.
      const passes = new Map<string, number>();
      for (const edgeId of [...edgeIds].sort()) passes.set(edgeId, (passes.get(edgeId) ?? 0) + 1);
      const row: EdgeCountsRow = { flowId, flowVersion, day };
      [...passes].forEach(([edgeId, count], i) => {
        row[`edge${i}`] = edgeId;
        row[`count${i}`] = count;
      });
      await upsertOf(passes.size).execute(row);
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
