import { type ExpressionBuilder, type Insertable, type Selectable, sql } from 'kysely';
import { batches, JOB_BATCH_ROWS } from '../batches.js';
import { toIso, toIsoOrNull } from '../codec.js';
import { newId } from '../ids.js';
import { numberedValues, type PreparedQuery, prepare, prepareByCount } from '../prepared.js';
import type { DB, Runs } from '../schema.js';
import type { RepositoryContext } from './context.js';

export type RunStatus = 'running' | 'waiting' | 'completed' | 'exited' | 'failed' | 'cancelled';

/** Statuses of a run that is still inside its flow. */
export const ACTIVE_RUN_STATUSES: readonly RunStatus[] = ['running', 'waiting'];
/**
 * "The run is running or waiting", written as the condition of the partial index of active runs
 * (migration 21) so that both databases use that index: a bound list of statuses is not known to
 * imply it.
 */
export const activeRun = (column: 'status' | 'a.status' | 'r.status' = 'status') =>
  sql<boolean>`${sql.ref(column)} IN (${sql.join(ACTIVE_RUN_STATUSES.map((s) => sql.lit(s)))})`;
/** Statuses of a run that has ended; `endedAt` is set when a run reaches one. */
export const ENDED_RUN_STATUSES: readonly RunStatus[] = ['completed', 'exited', 'failed', 'cancelled'];

/** One contact's pass through one flow version. */
export interface RunRecord {
  id: string;
  flowId: string;
  flowVersion: number;
  contactId: string;
  status: RunStatus;
  triggerEventId: string | null;
  currentNodeId: string | null;
  startedAt: string;
  updatedAt: string;
  endedAt: string | null;
  exitReason: string | null;
  error: string | null;
  /** The run this one replaces, when support restarted it. */
  retryOf: string | null;
  /** 1 for the first pass; each support retry starts the next attempt. */
  attempt: number;
}

export interface NewRun {
  id?: string;
  flowId: string;
  flowVersion: number;
  contactId: string;
  status?: RunStatus;
  triggerEventId?: string | null;
  currentNodeId?: string | null;
  retryOf?: string | null;
  /** A run created already ended (its first execution is over by the time it is written). */
  exitReason?: string | null;
  error?: string | null;
}

/** Fields of a run that change as it moves; omitted (undefined) fields are kept, null clears. */
export interface RunUpdate {
  status?: RunStatus;
  currentNodeId?: string | null;
  exitReason?: string | null;
  error?: string | null;
}

export interface RunFilter {
  contactId?: string | undefined;
  flowId?: string | undefined;
  flowVersion?: number | undefined;
  status?: RunStatus | readonly RunStatus[] | undefined;
  /** Started at or after (epoch ms). */
  startedFrom?: number | undefined;
  /** Started before (epoch ms). */
  startedTo?: number | undefined;
  /** Default: most recently started first. */
  sort?: RunSort;
  order?: 'asc' | 'desc';
  /** Default 50. */
  limit?: number;
  offset?: number;
}

export type RunSort = 'startedAt' | 'endedAt' | 'updatedAt' | 'status';
const SORT_COLUMNS = {
  startedAt: 'started_at',
  endedAt: 'ended_at',
  updatedAt: 'updated_at',
  status: 'status',
} as const satisfies Record<RunSort, keyof Runs>;

export interface RunsRepository {
  create(run: NewRun): Promise<RunRecord>;
  /** `create` for several runs (those one job started), in a statement per JOB_BATCH_ROWS runs. */
  createMany(runs: readonly NewRun[]): Promise<void>;
  get(id: string): Promise<RunRecord | undefined>;
  /** Applies `update`; reaching an ended status sets `endedAt` once. Undefined when the run does not exist. */
  update(id: string, update: RunUpdate): Promise<RunRecord | undefined>;
  /** Puts a run on another version of its flow, keeping its node and its waits (a version move). */
  moveToVersion(id: string, version: number): Promise<RunRecord | undefined>;
  /** The contact's runs of the flow that are still running or waiting, oldest first. */
  findActive(contactId: string, flowId: string): Promise<RunRecord[]>;
  /**
   * What the flow's re-entry policy asks before the contact enters: its most recently started run of
   * the flow (whatever its status) and whether any run of it is active, in one statement.
   */
  entryOf(flowId: string, contactId: string): Promise<{ last: RunRecord | undefined; active: boolean }>;
  /** Runs matching the filter, most recently started first. */
  list(filter?: RunFilter): Promise<RunRecord[]>;
  count(filter?: Omit<RunFilter, 'limit' | 'offset'>): Promise<number>;
  /** How many runs match the filter (its status ignored), per status. */
  countByStatus(filter?: Omit<RunFilter, 'limit' | 'offset' | 'status'>): Promise<Record<RunStatus, number>>;
  /** Starts the run's next attempt (support retried it); steps recorded from now on belong to it. */
  beginAttempt(id: string): Promise<RunRecord | undefined>;
}

type RunRow = Selectable<Runs>;

/** The columns a new run's row is written with. */
const RUN_COLUMNS = [
  'id',
  'flow_id',
  'flow_version',
  'contact_id',
  'status',
  'trigger_event_id',
  'current_node_id',
  'started_at',
  'updated_at',
  'ended_at',
  'retry_of',
  'exit_reason',
  'error',
] as const satisfies readonly (keyof Insertable<Runs>)[];

type NewRunRow = Record<(typeof RUN_COLUMNS)[number], string | number | null>;

/** The values of a run's row among a statement's parameters: each column's value under the column + `suffix`. */
const columnsOf = (p: Record<string, unknown>, suffix: string) =>
  Object.fromEntries(RUN_COLUMNS.map((column) => [column, p[`${column}${suffix}`]])) as Insertable<Runs>;

/** A new run's row, started at `at` (ended then too when it is written already ended). */
function runRow(run: NewRun, at: number): NewRunRow {
  const status = run.status ?? 'running';
  return {
    id: run.id ?? newId(),
    flow_id: run.flowId,
    flow_version: run.flowVersion,
    contact_id: run.contactId,
    status,
    trigger_event_id: run.triggerEventId ?? null,
    current_node_id: run.currentNodeId ?? null,
    started_at: at,
    updated_at: at,
    ended_at: ACTIVE_RUN_STATUSES.includes(status) ? null : at,
    retry_of: run.retryOf ?? null,
    exit_reason: run.exitReason ?? null,
    error: run.error ?? null,
  };
}

const toRun = (row: RunRow): RunRecord => ({
  id: row.id,
  flowId: row.flow_id,
  flowVersion: row.flow_version,
  contactId: row.contact_id,
  status: row.status as RunStatus,
  triggerEventId: row.trigger_event_id,
  currentNodeId: row.current_node_id,
  startedAt: toIso(row.started_at),
  updatedAt: toIso(row.updated_at),
  endedAt: toIsoOrNull(row.ended_at),
  exitReason: row.exit_reason,
  error: row.error,
  retryOf: row.retry_of,
  attempt: row.attempt,
});

type RunConditions = Omit<RunFilter, 'limit' | 'offset' | 'sort' | 'order'>;

// Only the conditions actually filtered on go into the SQL (rather than `@x IS NULL OR column = @x`), so
// the database can pick the matching index.
function whereFilter(eb: ExpressionBuilder<DB, 'runs'>, filter: RunConditions) {
  const conditions = [];
  if (filter.contactId !== undefined) conditions.push(eb('contact_id', '=', filter.contactId));
  if (filter.flowId !== undefined) conditions.push(eb('flow_id', '=', filter.flowId));
  if (filter.flowVersion !== undefined) conditions.push(eb('flow_version', '=', filter.flowVersion));
  if (filter.status !== undefined) {
    const statuses = typeof filter.status === 'string' ? [filter.status] : filter.status;
    // `IN ()` is not SQL; an empty OR (1 = 0) matches no run, as an empty list does.
    conditions.push(statuses.length === 0 ? eb.or([]) : eb('status', 'in', statuses));
  }
  if (filter.startedFrom !== undefined) conditions.push(eb('started_at', '>=', filter.startedFrom));
  if (filter.startedTo !== undefined) conditions.push(eb('started_at', '<', filter.startedTo));
  return eb.and(conditions);
}

export function createRunsRepository(ctx: RepositoryContext): RunsRepository {
  const { db, dialect, now } = ctx;
  // The run statements of every event's processing, built once (prepared.ts).
  const byId = prepare(ctx, (db, p: { id: string }) =>
    db.selectFrom('runs').selectAll().where('id', '=', p.id),
  );
  const insert = prepare(ctx, (db, p: NewRunRow) =>
    db.insertInto('runs').values(columnsOf(p, '')).returningAll(),
  );
  const active = prepare(ctx, (db, p: { contactId: string; flowId: string }) =>
    db
      .selectFrom('runs')
      .selectAll()
      .where('contact_id', '=', p.contactId)
      .where('flow_id', '=', p.flowId)
      .where(activeRun())
      .orderBy('started_at')
      .orderBy('rowid'),
  );
  const entry = prepare(ctx, (db, p: { contactId: string; flowId: string }) =>
    db
      .selectFrom('runs')
      .selectAll()
      .select((eb) =>
        eb
          .exists(
            eb
              .selectFrom('runs as a')
              .select('a.id')
              .where('a.contact_id', '=', p.contactId)
              .where('a.flow_id', '=', p.flowId)
              .where(activeRun('a.status')),
          )
          .as('has_active'),
      )
      .where('contact_id', '=', p.contactId)
      .where('flow_id', '=', p.flowId)
      .orderBy('started_at', 'desc')
      .orderBy('rowid', 'desc')
      // A literal: SQLite runs `LIMIT ?` at less than half the speed here (measured).
      .limit(sql.lit(1)),
  );
  // An update sets the fields given: one prepared statement per combination met.
  const updates = new Map<string, PreparedQuery<RunUpdate & { id: string; at: number }, RunRow>>();
  const updateFor = (update: RunUpdate) => {
    const ending =
      update.status === undefined ? 'keep' : ACTIVE_RUN_STATUSES.includes(update.status) ? 'active' : 'ended';
    const has = {
      status: update.status !== undefined,
      currentNodeId: update.currentNodeId !== undefined,
      exitReason: update.exitReason !== undefined,
      error: update.error !== undefined,
    };
    const key = `${ending}:${Object.values(has).map(Number).join('')}`;
    let query = updates.get(key);
    if (!query) {
      query = prepare(ctx, (db, p: RunUpdate & { id: string; at: number }) =>
        db
          .updateTable('runs')
          .set((eb) => ({
            ...(has.status ? { status: p.status } : {}),
            ...(has.currentNodeId ? { current_node_id: p.currentNodeId } : {}),
            ...(has.exitReason ? { exit_reason: p.exitReason } : {}),
            ...(has.error ? { error: p.error } : {}),
            // Ended once: an ended run keeps its first end time; back to an active status clears it.
            ended_at:
              ending === 'keep'
                ? eb
                    .case()
                    .when('status', 'in', ACTIVE_RUN_STATUSES)
                    .then(null)
                    .else(eb.fn.coalesce('ended_at', eb.val(p.at)))
                    .end()
                : ending === 'active'
                  ? null
                  : eb.fn.coalesce('ended_at', eb.val(p.at)),
            updated_at: p.at,
          }))
          .where('id', '=', p.id)
          .returningAll(),
      );
      updates.set(key, query);
    }
    return query;
  };

  // Several runs in one statement, one statement per number of rows (a job starts a few), built once.
  const insertMany = prepareByCount(ctx, (db, p: Record<string, unknown>, count) =>
    db.insertInto('runs').values(Array.from({ length: count }, (_, i) => columnsOf(p, String(i)))),
  );

  const get = async (id: string) => {
    const row = await byId.first({ id });
    return row && toRun(row);
  };

  return {
    async create(run) {
      const row = await insert.first(runRow(run, now()));
      if (!row) throw new Error('runs: the insert returned no row');
      return toRun(row);
    },
    async createMany(runs) {
      const at = now();
      for (const slice of batches(runs, JOB_BATCH_ROWS))
        await insertMany(slice.length).execute(numberedValues(slice.map((run) => runRow(run, at))));
    },
    get,
    async update(id, update) {
      const row = await updateFor(update).first({ ...update, id, at: now() });
      return row && toRun(row);
    },
    async moveToVersion(id, version) {
      const row = await db()
        .updateTable('runs')
        .set({ flow_version: version, updated_at: now() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toRun(row);
    },
    async beginAttempt(id) {
      const row = await db()
        .updateTable('runs')
        .set((eb) => ({ attempt: eb('attempt', '+', 1), updated_at: now() }))
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toRun(row);
    },
    async findActive(contactId, flowId) {
      const rows = await active.rows({ contactId, flowId });
      return rows.map(toRun);
    },
    async entryOf(flowId, contactId) {
      // No run at all: no row, and no active run either.
      const row = await entry.first({ contactId, flowId });
      if (!row) return { last: undefined, active: false };
      const { has_active, ...run } = row;
      // SQLite answers EXISTS with 0 or 1, PostgreSQL with a boolean.
      return { last: toRun(run), active: Boolean(has_active) };
    },
    async list(filter = {}) {
      const order = filter.order ?? 'desc';
      const rows = await db()
        .selectFrom('runs')
        .selectAll()
        .where((eb) => whereFilter(eb, filter))
        // SQLite sorts NULL (the end time of an active run) first, PostgreSQL last: the same order on both.
        .orderBy(SORT_COLUMNS[filter.sort ?? 'startedAt'], (ob) =>
          dialect === 'sqlite'
            ? ob[order]()
            : order === 'asc'
              ? ob.asc().nullsFirst()
              : ob.desc().nullsLast(),
        )
        .orderBy('rowid', order)
        .limit(filter.limit ?? 50)
        .offset(filter.offset ?? 0)
        .execute();
      return rows.map(toRun);
    },
    async count(filter = {}) {
      const row = await db()
        .selectFrom('runs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where((eb) => whereFilter(eb, filter))
        .executeTakeFirst();
      return row?.n ?? 0;
    },
    async countByStatus(filter = {}) {
      const rows = await db()
        .selectFrom('runs')
        .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
        .where((eb) => whereFilter(eb, filter))
        .groupBy('status')
        .execute();
      const counts: Record<RunStatus, number> = {
        running: 0,
        waiting: 0,
        completed: 0,
        exited: 0,
        failed: 0,
        cancelled: 0,
      };
      for (const row of rows) counts[row.status as RunStatus] = row.n;
      return counts;
    },
  };
}
