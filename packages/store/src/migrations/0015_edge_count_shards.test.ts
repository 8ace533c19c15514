import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { TEST_POSTGRES_URL } from '../testing.js';
import { tempDir } from '../testSupport.js';
import { MIGRATIONS, runMigrations } from './index.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

// SQLite only: SQLite rebuilds the table to change its key; PostgreSQL alters it in place.
it.skipIf(TEST_POSTGRES_URL)('keeps every edge count, as shard 0 of its counter', () => {
  const db = new Database(join(tmp.dir, 'shards.sqlite'));
  runMigrations(db, MIGRATIONS.slice(0, 14));
  const count = db.prepare(
    'INSERT INTO flow_edge_counts (flow_id, flow_version, edge_id, day, count) VALUES (?, ?, ?, ?, ?)',
  );
  count.run('f1', 1, 'a>b', 100, 7);
  count.run('f1', 2, 'a>b', 101, 3);

  expect(runMigrations(db, MIGRATIONS.slice(0, 15))).toEqual([15]);
  expect(db.prepare('SELECT * FROM flow_edge_counts ORDER BY flow_version').all()).toEqual([
    { flow_id: 'f1', flow_version: 1, edge_id: 'a>b', day: 100, shard: 0, count: 7 },
    { flow_id: 'f1', flow_version: 2, edge_id: 'a>b', day: 101, shard: 0, count: 3 },
  ]);
  // The shard is part of the key: another shard of the same counter is a row of its own.
  const sharded = db.prepare('INSERT INTO flow_edge_counts VALUES (?, ?, ?, ?, ?, ?)');
  sharded.run('f1', 1, 'a>b', 100, 5, 1);
  expect(() => sharded.run('f1', 1, 'a>b', 100, 0, 1)).toThrow(/UNIQUE/);
  db.close();
});
