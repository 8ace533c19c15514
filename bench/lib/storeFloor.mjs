import { copyFileSync } from 'node:fs';
import { startBackgroundCheckpoints } from '@scoreflow/store';
import Database from 'better-sqlite3';

/**
 * What the worker wrote to SQLite, and how fast a bare script could write the same rows: the physical
 * floor under the worker's throughput (no lookups, no flow logic, no JSON building; prepared statements
 * and one transaction per 100 events, on the product's schema with its indexes and foreign keys).
 */

/** @param {string} name */
const q = (name) => `"${name.replaceAll('"', '""')}"`;

/**
 * Tables of a database and their writable columns (generated and hidden columns left out).
 * @param {import('better-sqlite3').Database} db
 * @param {string} schema
 */
function tablesOf(db, schema = 'main') {
  const names = db
    .prepare(`SELECT name FROM ${schema}.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    .pluck()
    .all();
  return names.map((name) => {
    const info = db.prepare(`PRAGMA ${schema}.table_xinfo(${q(name)})`).all();
    return { name, columns: info.filter((c) => c.hidden === 0).map((c) => c.name) };
  });
}

/**
 * Copies the database as it is now (a consistent snapshot, even with the worker writing) to `file`.
 * @param {import('better-sqlite3').Database} db
 * @param {string} file
 */
export function snapshotTo(db, file) {
  db.prepare('VACUUM INTO ?').run(file);
}

/**
 * Raw payload of every row in the database: the sum of the lengths of the stored values (bytes of text
 * and blobs, 8 per number, 0 for NULL), i.e. what the rows hold before pages, indexes and record headers.
 * @param {import('better-sqlite3').Database} db
 */
export function payloadBytes(db) {
  let total = 0;
  for (const table of tablesOf(db)) {
    if (table.columns.length === 0) continue;
    const size = table.columns
      .map(
        (c) =>
          `CASE typeof(${q(c)}) WHEN 'null' THEN 0 WHEN 'integer' THEN 8 WHEN 'real' THEN 8 ` +
          `ELSE length(CAST(${q(c)} AS BLOB)) END`,
      )
      .join(' + ');
    total += Number(
      db
        .prepare(`SELECT coalesce(sum(${size}), 0) FROM ${q(table.name)}`)
        .pluck()
        .get(),
    );
  }
  return total;
}

/**
 * Rows of `file` that are not in `snapshotFile` (new rows, and the final version of changed ones), per
 * table.
 * @param {string} file
 * @param {string} snapshotFile
 */
export function rowsWrittenSince(file, snapshotFile) {
  const db = new Database(file, { readonly: true });
  try {
    db.prepare('ATTACH ? AS snap').run(snapshotFile);
    return tablesOf(db)
      .filter((t) => t.columns.length > 0)
      .map((t) => {
        const cols = t.columns.map(q).join(', ');
        const rows = db
          .prepare(`SELECT ${cols} FROM main.${q(t.name)} EXCEPT SELECT ${cols} FROM snap.${q(t.name)}`)
          .raw()
          .all();
        const fks = db.prepare(`PRAGMA foreign_key_list(${q(t.name)})`).all();
        // Whether the table got new rows (not only changed ones): only new rows can be missing parents.
        const count = (schema) =>
          db
            .prepare(`SELECT count(*) FROM ${schema}.${q(t.name)}`)
            .pluck()
            .get();
        const grew = count('main') > count('snap');
        const pk = db
          .prepare(`PRAGMA table_info(${q(t.name)})`)
          .all()
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => c.name);
        return { ...t, rows, fks, pk, grew };
      })
      .filter((t) => t.rows.length > 0);
  } finally {
    db.close();
  }
}

/**
 * Which transaction (0 … chunks-1) each row goes in. The anchor's rows (the events) are spread evenly in
 * `perTransaction` to a transaction; a row follows its parent row when the parent is the
 * anchor or a row of a table that got new rows (a run goes with its event, a step with its run), so
 * every transaction satisfies the foreign keys; other rows (changed contacts, scores, ledger rows, whose
 * parents existed before) are spread evenly.
 * @param {ReturnType<typeof rowsWrittenSince>} tables
 * @param {number} chunks
 * @param {string} anchor
 */
function assignChunks(tables, chunks, anchor) {
  const byName = new Map(tables.map((t) => [t.name, t]));
  /** @param {typeof tables[number]} t */
  const parentsOf = (t) =>
    [...new Set(t.fks.map((f) => f.table))].filter((p) => p !== t.name && byName.has(p));
  const order = [];
  const done = new Set();
  while (order.length < tables.length) {
    const next =
      tables.find((t) => !done.has(t.name) && parentsOf(t).every((p) => done.has(p))) ??
      tables.find((t) => !done.has(t.name));
    if (!next) break;
    order.push(next);
    done.add(next.name);
  }
  /** @type {Map<string, Map<string, number>>} chunk of each written row, by table and key columns */
  const keyIndex = new Map();
  const chunkOf = new Map();
  const keyMap = (table, columns) => {
    const id = `${table.name}(${columns.join(',')})`;
    let map = keyIndex.get(id);
    if (!map) {
      const at = columns.map((c) => table.columns.indexOf(c));
      const chunk = chunkOf.get(table.name);
      map = new Map(table.rows.map((row, i) => [at.map((j) => String(row[j])).join('\u0000'), chunk[i]]));
      keyIndex.set(id, map);
    }
    return map;
  };
  for (const t of order) {
    /** @type {Map<number, any[]>} one foreign key may span several columns (rows of one id) */
    const byId = new Map();
    for (const f of t.fks) byId.set(f.id, [...(byId.get(f.id) ?? []), f]);
    const followed = (name) => name !== t.name && (name === anchor || byName.get(name)?.grew === true);
    const groups = t.name === anchor ? [] : [...byId.values()].filter((g) => followed(g[0].table));
    const links = groups.map((g) => {
      const parent = byName.get(g[0].table);
      const to = g.map((f, i) => f.to ?? parent.pk[i]);
      return { at: g.map((f) => t.columns.indexOf(f.from)), map: keyMap(parent, to) };
    });
    chunkOf.set(
      t.name,
      t.rows.map((row, i) => {
        let chunk = -1;
        for (const link of links) {
          const c = link.map.get(link.at.map((j) => String(row[j])).join('\u0000'));
          if (c !== undefined && c > chunk) chunk = c;
        }
        return chunk >= 0 ? chunk : Math.floor((i * chunks) / t.rows.length);
      }),
    );
  }
  return { order, chunkOf };
}

/**
 * Writes `tables` (from `rowsWrittenSince`) into a copy of `snapshotFile` at `floorFile` with one
 * prepared upsert per table, `perTransaction` events' rows per transaction, under the product's
 * connection pragmas and checkpoint thread, and times it.
 * @param {{ snapshotFile: string, floorFile: string, tables: ReturnType<typeof rowsWrittenSince>,
 *   events: number, perTransaction: number }} options
 */
export async function replayFloor({ snapshotFile, floorFile, tables, events, perTransaction }) {
  copyFileSync(snapshotFile, floorFile);
  const db = new Database(floorFile);
  let checkpoints;
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    // Checkpoints as the worker has them, by a thread of their own, not in this script's commits.
    checkpoints = startBackgroundCheckpoints(floorFile, db);
    const chunks = Math.ceil(events / perTransaction);
    const { order, chunkOf } = assignChunks(tables, chunks, 'events');
    const plan = order.map((t) => {
      const cols = t.columns.map(q);
      // The key is left as it is, as the worker leaves it: setting a parent's key, even to itself, makes
      // SQLite check every child table for rows pointing at the old one.
      const update = t.columns
        .filter((c) => !t.pk.includes(c))
        .map((c) => `${q(c)} = excluded.${q(c)}`)
        .join(', ');
      const sql =
        `INSERT INTO ${q(t.name)} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) ` +
        (update ? `ON CONFLICT DO UPDATE SET ${update}` : 'ON CONFLICT DO NOTHING');
      /** @type {unknown[][][]} */
      const byChunk = Array.from({ length: chunks }, () => []);
      chunkOf.get(t.name).forEach((c, i) => {
        byChunk[c].push(t.rows[i]);
      });
      return { statement: db.prepare(sql), byChunk };
    });
    const write = db.transaction((chunk) => {
      for (const step of plan) for (const row of step.byChunk[chunk]) step.statement.run(row);
    });
    const t0 = performance.now();
    for (let chunk = 0; chunk < chunks; chunk += 1) write(chunk);
    const seconds = (performance.now() - t0) / 1000;
    return {
      eventsPerSecond: events / seconds,
      seconds,
      transactions: chunks,
      rowsPerEvent: Object.fromEntries(order.map((t) => [t.name, t.rows.length / events])),
    };
  } finally {
    await checkpoints?.stop();
    db.close();
  }
}
