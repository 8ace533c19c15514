import type { SqliteConnection as Db } from '../database.js';

/**
 * One schema change. `version` numbers run 1, 2, 3... with no gaps; `up` runs inside a transaction that
 * also sets `PRAGMA user_version` to `version`, so a migration is applied completely or not at all.
 * A shipped migration is never edited: a later change is a new file.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}
