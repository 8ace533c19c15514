import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { runMigrations } from './migrations/index.js';

/** A better-sqlite3 connection. */
export type Db = Database.Database;

export interface OpenDatabaseOptions {
  /** How long a writer waits for another connection's lock before failing with SQLITE_BUSY (default 5000). */
  busyTimeoutMs?: number;
  /** Run pending migrations after opening (default true). */
  migrate?: boolean;
}

/**
 * Opens (creating it and its parent directories if needed) the SQLite database at `file`, or an in-memory
 * one for `':memory:'`, sets the connection pragmas and brings the schema to the latest migration.
 * Throws a `StoreError` with code `database_too_new` when the file was written by newer code.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Db {
  const memory = file === ':memory:';
  if (!memory) mkdirSync(dirname(file), { recursive: true });
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const db = new Database(file, { timeout: busyTimeoutMs });
  try {
    // WAL lets readers (API) and the single writer (a worker's transaction) proceed together and lets
    // several worker processes on one host share the file; it does not apply to in-memory databases.
    // Incremental auto-vacuum lets retention give pruned pages back to the file system; it only takes
    // effect when set before the first table is created, so it is set on every open.
    db.pragma('auto_vacuum = INCREMENTAL');
    if (!memory) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
    // NORMAL is durable across application crashes in WAL mode; only an OS crash or power loss can
    // lose the last commits, which the reconciler and idempotent steps tolerate.
    db.pragma('synchronous = NORMAL');
    if (options.migrate ?? true) runMigrations(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
