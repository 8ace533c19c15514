import type { Migration } from './types.js';

/**
 * Edge counters in shards: a `shard` column joins the key, and a count is the sum over its shards.
 * Every run of a flow adds to the same few counters, so on PostgreSQL concurrent transactions that
 * updated one row waited for each other's commit, one after another (the counters were most of a
 * worker's lock waits). Each database connection counts into a shard of its own (repositories/
 * edgeCounts.ts); SQLite, whose writers take turns anyway, counts into shard 0. The table is rebuilt
 * because SQLite cannot change a primary key in place; existing counts become shard 0.
 */
export const edgeCountShards: Migration = {
  version: 15,
  name: 'edge_count_shards',
  up(db) {
    db.exec(`
      CREATE TABLE flow_edge_counts_sharded (
        flow_id      TEXT NOT NULL,
        flow_version INTEGER NOT NULL,
        edge_id      TEXT NOT NULL,
        day          INTEGER NOT NULL,
        shard        INTEGER NOT NULL DEFAULT 0,
        count        INTEGER NOT NULL,
        PRIMARY KEY (flow_id, flow_version, edge_id, day, shard)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO flow_edge_counts_sharded (flow_id, flow_version, edge_id, day, shard, count)
        SELECT flow_id, flow_version, edge_id, day, 0, count FROM flow_edge_counts;
      DROP TABLE flow_edge_counts;
      ALTER TABLE flow_edge_counts_sharded RENAME TO flow_edge_counts;
    `);
  },
};
