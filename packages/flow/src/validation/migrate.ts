import { CURRENT_SCHEMA_VERSION } from '../document.js';
import { type Diagnostic, error } from './diagnostic.js';

type RawDocument = Record<string, unknown>;

/** Turns a document of version N into version N + 1. */
export type Migration = (document: RawDocument) => RawDocument;

/**
 * Migrations keyed by the version they upgrade FROM. Only v1 exists; when v2 comes, add
 * `1: (doc) => ({ ...doc, schemaVersion: 2, ... })` and bump CURRENT_SCHEMA_VERSION.
 */
const MIGRATIONS: Readonly<Record<number, Migration>> = {};

export type MigrationResult = { ok: true; value: unknown } | { ok: false; diagnostic: Diagnostic };

function isRecord(value: unknown): value is RawDocument {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Brings an older document up to the current schema version. Input that is not a versioned
 * object is returned unchanged: the shape check reports what is wrong with it. The table and the
 * current version are parameters only so that tests can run a migration chain before v2 exists.
 */
export function migrateDocument(
  input: unknown,
  migrations: Readonly<Record<number, Migration>> = MIGRATIONS,
  current: number = CURRENT_SCHEMA_VERSION,
): MigrationResult {
  if (!isRecord(input) || typeof input.schemaVersion !== 'number') return { ok: true, value: input };
  let version = input.schemaVersion;
  if (version === current) return { ok: true, value: input };
  const unsupported = (why: string): MigrationResult => ({
    ok: false,
    diagnostic: error('invalid_document', why, { path: ['schemaVersion'] }),
  });
  if (!Number.isInteger(version) || version < 1) return unsupported(`Unknown schema version ${version}`);
  if (version > current) {
    return unsupported(`Schema version ${version} is newer than this Scoreflow understands (${current})`);
  }
  let document = input;
  while (version < current) {
    const migration = migrations[version];
    if (migration === undefined) return unsupported(`No migration from schema version ${version}`);
    document = migration(document);
    version += 1;
  }
  return { ok: true, value: document };
}
