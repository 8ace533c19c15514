import { sql } from 'kysely';
import { batches } from '../batches.js';
import { prepareByCount } from '../prepared.js';
import type { RepositoryContext } from './context.js';

/** Code-point order, the same in every locale (the lock order must not depend on one). */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const DAY_MS = 86_400_000;

/**
 * The shards a counter is split into on PostgreSQL. Every run of a flow adds to the same few counters;
 * were they one row each, concurrent transactions would update them one after another, each waiting
 * for the other's commit. A connection runs one transaction at a time, so each counts into the shard
 * of its server process id: the connections of a pool (and of several workers) are opened one after
 * another and get distinct ids, and so distinct shards, unless two ids agree modulo this number. The
 * bound keeps the rows per counter and day few for the canvas's sum. SQLite's writers take turns on
 * one lock anyway; there every count goes to shard 0.
 */
export const EDGE_COUNT_SHARDS = 64;

/** The edges one run passed, at one time. */
export interface EdgePasses {
  flowId: string;
  flowVersion: number;
  edgeIds: readonly string[];
  atMs: number;
}

/** Per-day counters of the runs that passed each edge of a flow, for the live canvas. */
export interface EdgeCountsRepository {
  /** Counts one pass over each edge at `atMs` (default now). */
  increment(flowId: string, flowVersion: number, edgeIds: readonly string[], atMs?: number): Promise<void>;
  /** Counts the passes of many runs (of any flows) in one statement per {@link BATCH_ROWS} counters. */
  incrementMany(passes: readonly EdgePasses[]): Promise<void>;
  /** Passes per edge id over every version of the flow since `sinceMs`. */
  since(flowId: string, sinceMs: number): Promise<Record<string, number>>;
}

type EdgeCountsRow = Record<string, unknown>;

export function createEdgeCountsRepository(ctx: RepositoryContext): EdgeCountsRepository {
  const { db, now } = ctx;
  const shard =
    ctx.dialect === 'postgres' ? sql<number>`pg_backend_pid() % ${sql.lit(EDGE_COUNT_SHARDS)}` : 0;
  // One statement per number of counters (a job's runs pass the same few), built once.
  const upsertOf = prepareByCount(ctx, (db, p: EdgeCountsRow, counters) =>
    db
      .insertInto('flow_edge_counts')
      .values(
        Array.from({ length: counters }, (_, i) => ({
          flow_id: p[`flow${i}`] as string,
          flow_version: p[`version${i}`] as number,
          edge_id: p[`edge${i}`] as string,
          day: p[`day${i}`] as number,
          count: p[`count${i}`] as number,
          shard,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['flow_id', 'flow_version', 'edge_id', 'day', 'shard'])
          .doUpdateSet((eb) => ({ count: eb('flow_edge_counts.count', '+', eb.ref('excluded.count')) })),
      ),
  );
  const incrementMany = async (passes: readonly EdgePasses[]) => {
    // An edge passed twice is one row counting 2: PostgreSQL refuses an upsert that touches the same
    // row twice. The counters are rows every contact's runs share (a shard of them, see
    // EDGE_COUNT_SHARDS), so they go in one order (flow, version, edge, day): two transactions
    // counting into the same shard lock its rows in the same order and cannot deadlock.
    const counters = new Map<
      string,
      { flow: string; version: number; edge: string; day: number; count: number }
    >();
    for (const { flowId, flowVersion, edgeIds, atMs } of passes) {
      const day = Math.floor(atMs / DAY_MS);
      for (const edge of edgeIds) {
        const key = JSON.stringify([flowId, flowVersion, edge, day]);
        const counter = counters.get(key) ?? { flow: flowId, version: flowVersion, edge, day, count: 0 };
        counter.count += 1;
        counters.set(key, counter);
      }
    }
    const ordered = [...counters.values()].sort(
      (a, b) => compare(a.flow, b.flow) || a.version - b.version || compare(a.edge, b.edge) || a.day - b.day,
    );
    for (const batch of batches(ordered)) {
      const row: EdgeCountsRow = {};
      batch.forEach((c, i) => {
        row[`flow${i}`] = c.flow;
        row[`version${i}`] = c.version;
        row[`edge${i}`] = c.edge;
        row[`day${i}`] = c.day;
        row[`count${i}`] = c.count;
      });
      await upsertOf(batch.length).execute(row);
    }
  };
  return {
    increment: (flowId, flowVersion, edgeIds, atMs = now()) =>
      incrementMany([{ flowId, flowVersion, edgeIds, atMs }]),
    incrementMany,
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
