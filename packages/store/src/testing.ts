// Databases for tests, on SQLite or PostgreSQL. Exported as `@scoreflow/store/testing` so the store,
// runtime and server suites create them the same way.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';

/**
 * Set (to a server's URL, e.g. `postgres://postgres@127.0.0.1:5432/test`) to run the suites on PostgreSQL:
 * each test database is then a schema of its own on that server, dropped afterwards.
 */
export const TEST_POSTGRES_URL = process.env.SCOREFLOW_TEST_POSTGRES || undefined;

export interface TestDatabase {
  /** What `openStore`, `openDatabase` and `DATABASE_URL` take: a file path, or a URL naming the schema. */
  location: string;
  dialect: 'sqlite' | 'postgres';
  /** Removes the database (the schema, on PostgreSQL); SQLite files go with their directory. */
  drop(): Promise<void>;
}

// One small pool per server for creating and dropping schemas.
const admins = new Map<string, pg.Pool>();
const adminPool = (url: string) => {
  let pool = admins.get(url);
  if (!pool) {
    // allowExitOnIdle: a script that is done exits without ending the pool first.
    pool = new pg.Pool({ connectionString: url, max: 2, allowExitOnIdle: true });
    admins.set(url, pool);
  }
  return pool;
};

/** `url` with `search_path` set to `schema` on every connection made from it. */
export function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}

/**
 * A new, empty schema on the PostgreSQL server at `serverUrl`, named `<prefix>_<random>`: `location`
 * is a URL whose connections use it (what `openStore` and `DATABASE_URL` take), `drop` removes it with
 * everything in it. Tests, the fault suite, the bench and the end-to-end server each run on one.
 */
export async function createPostgresSchema(
  serverUrl: string,
  prefix = 'test',
): Promise<{ location: string; drop(): Promise<void> }> {
  const schema = `${prefix}_${randomUUID().replaceAll('-', '')}`;
  const pool = adminPool(serverUrl);
  await pool.query(`CREATE SCHEMA ${schema}`);
  return {
    location: withSearchPath(serverUrl, schema),
    drop: async () => {
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    },
  };
}

/** Ends the connections `createPostgresSchema` keeps, so a script can exit. */
export async function closeAdminConnections(): Promise<void> {
  const pools = [...admins.values()];
  admins.clear();
  await Promise.all(pools.map((pool) => pool.end()));
}

/**
 * A new, empty database for one test: a file `name` in `dir` on SQLite, or a new schema on the
 * PostgreSQL server of `SCOREFLOW_TEST_POSTGRES` when that is set.
 */
export async function createTestDatabase(dir: string, name = 'scoreflow.db'): Promise<TestDatabase> {
  // Read now, not when this module loaded: a script (the fault suite's in-process case) may set it late.
  const server = process.env.SCOREFLOW_TEST_POSTGRES || undefined;
  if (!server) return { location: path.join(dir, name), dialect: 'sqlite', drop: async () => {} };
  return { ...(await createPostgresSchema(server)), dialect: 'postgres' };
}
