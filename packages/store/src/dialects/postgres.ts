import { PostgresDialect } from 'kysely';
import pg from 'pg';

// int8 (counts, epoch milliseconds) and numeric (sums) arrive as strings by default, because they may
// exceed 2^53. Scoreflow keeps epoch milliseconds and scores in them, far below that, and the
// repositories are written once for both databases, so both are read as numbers, as SQLite gives them.
const INT8 = 20;
const NUMERIC = 1700;
const asNumber = (value: string) => Number(value);

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 || oid === NUMERIC
      ? asNumber
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface PostgresPoolOptions {
  /** Connections per process (default 10). */
  poolSize?: number;
  /** `search_path` of every connection: tests give each store a schema of its own. */
  schema?: string;
  /** Told of an error on an idle connection (see below). */
  onConnectionError?: (error: Error) => void;
}

/** A pool on `url` with the type parsers above. */
export function postgresPool(url: string, options: PostgresPoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types,
    // A transaction left open by a process that vanished (its host cut off the network, so no FIN ever
    // arrives) would hold its contact's row lock until TCP gives up, hours later, and stall every event
    // of that contact. Scoreflow's transactions await nothing but their own queries, so a session idle
    // inside one for this long is dead: the server ends it and the lock goes.
    idle_in_transaction_session_timeout: 10_000,
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  // A connection idle in the pool still hears the server end it (a restart, a failover, an operator's
  // pg_terminate_backend). The pool drops it and opens another when next asked, but it also emits
  // 'error', and an 'error' event nobody listens to ends the Node process: every API and worker
  // process would die with the database's restart instead of reconnecting.
  pool.on('error', (error) => options.onConnectionError?.(error));
  return pool;
}

// Each distinct SQL text with parameters runs as a named prepared statement: every connection parses
// and plans it once, then only binds and executes, which halves the server's work per statement. The
// repositories use a few hundred texts; past the cap (texts with `IN` lists of varying length) a text
// runs unnamed, as before. A name always stands for the same text, on every connection of every pool.
// Statements with many parameters (a batch's `IN` lists and multi-row inserts) also run unnamed: after
// five runs a named statement gets a generic plan, in which `x IN ($2, ..., $501)` is compared value by
// value on every row (a custom plan hashes the list): 250 ms instead of 4 ms for 500 ids over 20,000
// scores. Their texts vary with the batch's length, so naming them would save little parsing anyway.
// A multi-row insert is the exception: it compares nothing, its generic plan is its custom plan, and its
// text recurs (a job's steps, runs and counters come in a few row counts), so it is named whatever its
// length: parsing and planning 20 rows of steps each time was the server's costliest work per event.
const MAX_NAMED_STATEMENTS = 2_000;
const MAX_NAMED_PARAMETERS = 64;
const PLAIN_INSERT = /^insert into [^()]*\([^()]*\) values \(/;
const named = (text: string, parameters: number): boolean =>
  parameters > 0 && (parameters <= MAX_NAMED_PARAMETERS || (PLAIN_INSERT.test(text) && !/ in \(/.test(text)));
const statementNames = new Map<string, string>();
function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `sf_${statementNames.size}`;
    statementNames.set(text, name);
  }
  return name;
}

/** Kysely's PostgreSQL dialect over `pool`, with prepared statements (above). */
export function postgresDialect(pool: pg.Pool): PostgresDialect {
  return new PostgresDialect({
    pool: {
      async connect() {
        const client = await pool.connect();
        return {
          query: ((text: unknown, values?: readonly unknown[]) =>
            typeof text === 'string' && values !== undefined && named(text, values.length)
              ? client.query({ name: statementName(text), text, values: [...values] })
              : client.query(text as string, values as unknown[])) as never,
          release: (destroy?: boolean) => client.release(destroy),
        };
      },
      end: () => pool.end(),
    },
  });
}
