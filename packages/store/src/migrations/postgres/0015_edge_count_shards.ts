/**
 * Migration 15 (`edge_count_shards`) on PostgreSQL: `shard` joins the edge counters' key, so concurrent
 * transactions count into rows of their own instead of queueing on one (see repositories/edgeCounts.ts).
 */
export const edgeCountShards = `
ALTER TABLE flow_edge_counts ADD COLUMN shard integer NOT NULL DEFAULT 0;
ALTER TABLE flow_edge_counts DROP CONSTRAINT flow_edge_counts_pkey;
ALTER TABLE flow_edge_counts ADD PRIMARY KEY (flow_id, flow_version, edge_id, day, shard);
`;
