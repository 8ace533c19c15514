import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type QueryResult,
  SqliteAdapter,
  type SqliteDatabase,
  SqliteDriver,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type SqliteStatement,
} from 'kysely';

/** Prepared statements kept per connection; the repositories use far fewer distinct SQL texts. */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * Every write transaction starts with `BEGIN IMMEDIATE`: the write lock is taken up front, so two
 * processes sharing the file never deadlock upgrading a read lock to a write lock (a deferred `BEGIN`
 * would fail one of them with SQLITE_BUSY at once, whatever the busy timeout).
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/** Each distinct SQL text prepared once per connection (the dialect below and {@link runAtOnce} share it). */
export function statementCache(connection: BetterSqlite3.Database): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => connection.close(),
    prepare(sql) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = connection.prepare(sql) as unknown as SqliteStatement;
        if (statements.size >= STATEMENT_CACHE_SIZE) {
          const oldest = statements.keys().next().value;
          if (oldest !== undefined) statements.delete(oldest);
        }
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/**
 * Kysely's SQLite dialect over one better-sqlite3 connection, with each distinct SQL text prepared
 * once: Kysely's own driver prepares on every query, which costs as much as running a small one.
 */
export function sqliteDialect(database: SqliteDatabase): Dialect {
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new ImmediateSqliteDriver({ database }),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
}

/**
 * Runs a compiled query on the connection at once, as Kysely's driver would but without its layers of
 * promises: better-sqlite3 is synchronous. Only for a caller that holds the connection (inside an open
 * transaction), or its statement would land in whichever transaction holds it.
 */
export function runAtOnce(database: SqliteDatabase, query: CompiledQuery): QueryResult<unknown> {
  const statement = database.prepare(query.sql);
  if (statement.reader) return { rows: statement.all(query.parameters) as unknown[] };
  const { changes, lastInsertRowid } = statement.run(query.parameters);
  return {
    numAffectedRows: BigInt(changes),
    insertId: BigInt(lastInsertRowid),
    rows: [],
  };
}
