import type { Compilable, CompiledQuery, QueryResult } from 'kysely';
import { StoreError } from './errors.js';
import type { RepositoryContext } from './repositories/context.js';

/**
 * Queries built once and run many times. Building a query with Kysely (its immutable operation tree)
 * and compiling it to SQL cost more than SQLite takes to run a small statement, and the processing of
 * one event runs about a hundred. A prepared query is built and compiled once per store, with a stand-in
 * for every value, and each call only puts the values in their places.
 *
 * The build function must give the same SQL whatever the values: it receives stand-ins, so it may put
 * `p.x` wherever Kysely takes a value (comparisons, `values`, `set`, `limit`), but must not branch on
 * it, spread it or use it as a list (`in` takes a fixed number of stand-ins, each its own key). A
 * stand-in that does not end up among the query's parameters is refused when the query is compiled.
 */
export interface PreparedQuery<P, R> {
  /** Runs the query with `values`, in the open transaction if there is one. */
  execute(values: P): Promise<QueryResult<R>>;
  /** The rows it returns. */
  rows(values: P): Promise<R[]>;
  /** The first row it returns, if any. */
  first(values: P): Promise<R | undefined>;
}

/** Where a value goes in a query compiled once (see {@link prepare}). */
class Slot {
  constructor(readonly key: string) {}
}

/** The stand-ins a build function receives: each property read is a slot named by the key. */
function slots<P>(): { params: P; read: Set<string> } {
  const read = new Set<string>();
  const params = new Proxy(
    {},
    {
      get(_target, key) {
        if (typeof key !== 'string') return undefined;
        read.add(key);
        return new Slot(key);
      },
    },
  ) as P;
  return { params, read };
}

/**
 * A query of `ctx`'s store built once by `build` (values read from its second argument) and compiled on
 * its first call; see {@link PreparedQuery} for what `build` may do.
 */
export function prepare<P extends object, R>(
  ctx: RepositoryContext,
  build: (db: ReturnType<RepositoryContext['db']>, p: P) => Compilable<R>,
): PreparedQuery<P, R> {
  // The query compiled with slots among its parameters (each one the key of the value to put there, or a
  // constant of the query itself); each call substitutes the values.
  let template: CompiledQuery<R> | undefined;

  const compile = (): CompiledQuery<R> => {
    const { params, read } = slots<P>();
    const query = build(ctx.db(), params).compile();
    const used = new Set(query.parameters.filter((v) => v instanceof Slot).map((v) => (v as Slot).key));
    const lost = [...read].filter((key) => !used.has(key));
    if (lost.length > 0) {
      // A value read but not bound: `build` used it in JavaScript (a branch, a spread, a list), so the
      // compiled SQL would be wrong for other values.
      throw new StoreError(
        'prepared_query_invalid',
        `A prepared query uses ${lost.join(', ')} other than as a value: ${query.sql}`,
      );
    }
    return query;
  };

  const execute = (values: P): Promise<QueryResult<R>> => {
    template ??= compile();
    const source = values as Record<string, unknown>;
    const parameters = template.parameters.map((p) => (p instanceof Slot ? (source[p.key] ?? null) : p));
    return ctx.execute<R>({ ...template, parameters });
  };

  return {
    execute,
    rows: async (values) => (await execute(values)).rows,
    first: async (values) => (await execute(values)).rows[0],
  };
}

/**
 * Prepared queries that differ only in how many rows they take (a multi-row insert): one per row
 * count, built by `build(db, p, count)` on its first use. A job's writes come in a few counts, so the
 * statements stay few.
 */
export function prepareByCount<P extends object, R>(
  ctx: RepositoryContext,
  build: (db: ReturnType<RepositoryContext['db']>, p: P, count: number) => Compilable<R>,
): (count: number) => PreparedQuery<P, R> {
  const byCount = new Map<number, PreparedQuery<P, R>>();
  return (count) => {
    let query = byCount.get(count);
    if (!query) {
      query = prepare(ctx, (db, p: P) => build(db, p, count));
      byCount.set(count, query);
    }
    return query;
  };
}

/**
 * Rows as the values of one query from {@link prepareByCount}: each column's value under the column
 * + the row's number (`id0`, `id1`, ...).
 */
export function numberedValues(rows: readonly Record<string, unknown>[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  rows.forEach((row, i) => {
    for (const [column, value] of Object.entries(row)) values[`${column}${i}`] = value;
  });
  return values;
}
