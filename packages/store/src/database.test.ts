import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { isStoreError } from './errors.js';
import { LATEST_SCHEMA_VERSION, type Migration, runMigrations, schemaVersion } from './migrations/index.js';
import { tempDir } from './testSupport.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const EXPECTED_TABLES = [
  'anonymous_events',
  'api_tokens',
  'contact_identities',
  'contact_lists',
  'contact_merges',
  'contact_tags',
  'contacts',
  'email_templates',
  'events',
  'flow_edge_counts',
  'flow_triggers',
  'flow_versions',
  'flows',
  'outbox',
  'run_actions',
  'run_steps',
  'runs',
  'score_definitions',
  'score_ledger',
  'scores',
  'scoring_models',
  'secrets',
  'seeds',
  'sent_emails',
  'sessions',
  'threshold_disarmed',
  'users',
  'waits',
  'write_keys',
];

describe('openDatabase', () => {
  it('creates the file and its parent directories and migrates a fresh database to the latest version', () => {
    const file = join(tmp.dir, 'nested', 'deeper', 'scoreflow.sqlite');
    const db = openDatabase(file);
    expect(existsSync(file)).toBe(true);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    const tables = db
      .prepare<[], { name: string }>(
        `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
      )
      .all()
      .map((row) => row.name);
    expect(tables).toEqual(EXPECTED_TABLES);
    db.close();
  });

  it('sets WAL, foreign keys, the busy timeout and synchronous=NORMAL', () => {
    const db = openDatabase(tmp.file());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    db.close();
  });

  it('is a no-op to reopen a migrated database, and its data stays', () => {
    const file = tmp.file();
    const db = openDatabase(file);
    db.prepare(`INSERT INTO contacts (id, email, created_at, updated_at) VALUES ('c1', 'a@b.c', 1, 1)`).run();
    db.close();
    const again = openDatabase(file);
    expect(runMigrations(again)).toEqual([]);
    expect(schemaVersion(again)).toBe(LATEST_SCHEMA_VERSION);
    expect(again.prepare('SELECT email FROM contacts').pluck().get()).toBe('a@b.c');
    again.close();
  });

  it('refuses a database written by newer code', () => {
    const file = tmp.file();
    openDatabase(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();
    let caught: unknown;
    try {
      openDatabase(file);
    } catch (error) {
      caught = error;
    }
    expect(isStoreError(caught, 'database_too_new')).toBe(true);
    // The refused database is left as it was.
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 1);
    check.close();
  });

  it('opens an in-memory database', () => {
    const db = openDatabase(':memory:');
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });
});

describe('tables', () => {
  it('are all STRICT', () => {
    const db = openDatabase(tmp.file());
    const rows = db
      .prepare<[], { name: string; strict: number }>(
        `SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'`,
      )
      .all();
    expect(rows.map((row) => row.name).sort()).toEqual(EXPECTED_TABLES);
    for (const row of rows)
      expect({ table: row.name, strict: row.strict }).toEqual({ table: row.name, strict: 1 });
    db.close();
  });

  it('refuse a string in an INTEGER column', () => {
    const db = openDatabase(tmp.file());
    expect(() =>
      db.prepare(`INSERT INTO contacts (id, created_at, updated_at) VALUES ('c1', 'yesterday', 1)`).run(),
    ).toThrow(/cannot store TEXT value in INTEGER column/);
    db.close();
  });

  it('enforce foreign keys', () => {
    const db = openDatabase(tmp.file());
    expect(() =>
      db
        .prepare(`INSERT INTO scores (contact_id, name, value, updated_at) VALUES ('nobody', 'SCORE', 1, 1)`)
        .run(),
    ).toThrow(/FOREIGN KEY constraint failed/);
    db.close();
  });
});

describe('runMigrations', () => {
  const createT: Migration = {
    version: 1,
    name: 't',
    up: (db) => db.exec('CREATE TABLE t (x INTEGER) STRICT'),
  };

  it('applies only the migrations a database has not seen, each bumping user_version', () => {
    const file = tmp.file();
    const db = new Database(file);
    expect(runMigrations(db, [createT])).toEqual([1]);
    db.prepare('INSERT INTO t (x) VALUES (7)').run();
    const addColumn: Migration = {
      version: 2,
      name: 'y',
      up: (d) => d.exec('ALTER TABLE t ADD COLUMN y TEXT'),
    };
    expect(runMigrations(db, [createT, addColumn])).toEqual([2]);
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT x, y FROM t').get()).toEqual({ x: 7, y: null });
    db.close();
  });

  it('rolls a failing migration back completely and leaves user_version where it was', () => {
    const db = new Database(tmp.file());
    runMigrations(db, [createT]);
    const broken: Migration = {
      version: 2,
      name: 'broken',
      up: (d) => {
        d.exec('CREATE TABLE half_done (x INTEGER) STRICT');
        d.exec('THIS IS NOT SQL');
      },
    };
    expect(() => runMigrations(db, [createT, broken])).toThrow();
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare(`SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'`).pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a migration list with gaps', () => {
    const db = new Database(':memory:');
    const skipped: Migration = { ...createT, version: 3 };
    let caught: unknown;
    try {
      runMigrations(db, [createT, skipped]);
    } catch (error) {
      caught = error;
    }
    expect(isStoreError(caught, 'migrations_invalid')).toBe(true);
    db.close();
  });
});
