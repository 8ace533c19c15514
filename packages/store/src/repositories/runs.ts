import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { toIso, toIsoOrNull } from '../codec.js';
import type { LegacyRepositoryContext } from './context.js';

export type RunStatus = 'running' | 'waiting' | 'completed' | 'exited' | 'failed' | 'cancelled';

/** Statuses of a run that is still inside its flow. */
export const ACTIVE_RUN_STATUSES: readonly RunStatus[] = ['running', 'waiting'];
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
const SORT_COLUMNS: Record<RunSort, string> = {
  startedAt: 'started_at',
  endedAt: 'ended_at',
  updatedAt: 'updated_at',
  status: 'status',
};

export interface RunsRepository {
  create(run: NewRun): RunRecord;
  get(id: string): RunRecord | undefined;
  /** Applies `update`; reaching an ended status sets `endedAt` once. Undefined when the run does not exist. */
  update(id: string, update: RunUpdate): RunRecord | undefined;
  /** The contact's runs of the flow that are still running or waiting, oldest first. */
  findActive(contactId: string, flowId: string): RunRecord[];
  /** The contact's most recently started run of the flow, whatever its status. */
  lastForContact(flowId: string, contactId: string): RunRecord | undefined;
  /** Runs matching the filter, most recently started first. */
  list(filter?: RunFilter): RunRecord[];
  count(filter?: Omit<RunFilter, 'limit' | 'offset'>): number;
  /** How many runs match the filter (its status ignored), per status. */
  countByStatus(filter?: Omit<RunFilter, 'limit' | 'offset' | 'status'>): Record<RunStatus, number>;
  /** Starts the run's next attempt (support retried it); steps recorded from now on belong to it. */
  beginAttempt(id: string): RunRecord | undefined;
}

interface RunRow {
  id: string;
  flow_id: string;
  flow_version: number;
  contact_id: string;
  status: RunStatus;
  trigger_event_id: string | null;
  current_node_id: string | null;
  started_at: number;
  updated_at: number;
  ended_at: number | null;
  exit_reason: string | null;
  error: string | null;
  retry_of: string | null;
  attempt: number;
}

const toRun = (row: RunRow): RunRecord => ({
  id: row.id,
  flowId: row.flow_id,
  flowVersion: row.flow_version,
  contactId: row.contact_id,
  status: row.status,
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

// An undefined parameter is one not filtered on: whereClause leaves it out of the SQL, and SQLite
// ignores named parameters the statement does not use.
type FilterParams = {
  contactId?: string | undefined;
  flowId?: string | undefined;
  flowVersion?: number | undefined;
  statuses?: string | undefined;
  startedFrom?: number | undefined;
  startedTo?: number | undefined;
};

const filterParams = (filter: Omit<RunFilter, 'limit' | 'offset' | 'sort' | 'order'>): FilterParams => ({
  contactId: filter.contactId,
  flowId: filter.flowId,
  flowVersion: filter.flowVersion,
  startedFrom: filter.startedFrom,
  startedTo: filter.startedTo,
  statuses:
    filter.status === undefined
      ? undefined
      : JSON.stringify(typeof filter.status === 'string' ? [filter.status] : filter.status),
});

// Only the conditions actually filtered on go into the SQL (rather than `@x IS NULL OR column = @x`), so
// SQLite can pick the matching index; the few shapes are prepared once and cached.
const whereClause = (params: FilterParams): string => {
  const conditions = [
    params.contactId === undefined ? null : 'contact_id = @contactId',
    params.flowId === undefined ? null : 'flow_id = @flowId',
    params.flowVersion === undefined ? null : 'flow_version = @flowVersion',
    params.statuses === undefined ? null : 'status IN (SELECT value FROM json_each(@statuses))',
    params.startedFrom === undefined ? null : 'started_at >= @startedFrom',
    params.startedTo === undefined ? null : 'started_at < @startedTo',
  ].filter((condition) => condition !== null);
  return conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
};

export function createRunsRepository({ db, now }: LegacyRepositoryContext): RunsRepository {
  const insert = db.prepare(
    `INSERT INTO runs (id, flow_id, flow_version, contact_id, status, trigger_event_id, current_node_id,
       started_at, updated_at, ended_at, retry_of)
     VALUES (@id, @flowId, @flowVersion, @contactId, @status, @triggerEventId, @currentNodeId, @now, @now,
       CASE WHEN @status IN ('running', 'waiting') THEN NULL ELSE @now END, @retryOf)`,
  );
  const selectOne = db.prepare<[string], RunRow>('SELECT * FROM runs WHERE id = ?');
  const updateRow = db.prepare(
    `UPDATE runs SET
       status = coalesce(@status, status),
       current_node_id = CASE WHEN @setNode THEN @currentNodeId ELSE current_node_id END,
       exit_reason = CASE WHEN @setExitReason THEN @exitReason ELSE exit_reason END,
       error = CASE WHEN @setError THEN @error ELSE error END,
       ended_at = CASE
         WHEN coalesce(@status, status) IN ('running', 'waiting') THEN NULL
         ELSE coalesce(ended_at, @now) END,
       updated_at = @now
     WHERE id = @id`,
  );
  const nextAttempt = db.prepare<[number, string]>(
    'UPDATE runs SET attempt = attempt + 1, updated_at = ? WHERE id = ?',
  );
  const selectActive = db.prepare<[string, string], RunRow>(
    `SELECT * FROM runs WHERE contact_id = ? AND flow_id = ? AND status IN ('running', 'waiting')
     ORDER BY started_at, rowid`,
  );
  const selectLast = db.prepare<[string, string], RunRow>(
    `SELECT * FROM runs WHERE contact_id = ? AND flow_id = ? ORDER BY started_at DESC, rowid DESC LIMIT 1`,
  );
  const listStatements = new Map<string, Database.Statement<Record<string, unknown>, RunRow>>();
  const countStatements = new Map<string, Database.Statement<Record<string, unknown>, { n: number }>>();
  const selectList = (params: FilterParams, sort: RunSort, order: 'asc' | 'desc') => {
    const where = whereClause(params);
    const direction = order === 'asc' ? 'ASC' : 'DESC';
    const key = `${where}|${sort}|${direction}`;
    let statement = listStatements.get(key);
    if (!statement) {
      statement = db.prepare<Record<string, unknown>, RunRow>(
        `SELECT * FROM runs ${where} ORDER BY ${SORT_COLUMNS[sort]} ${direction}, rowid ${direction}
         LIMIT @limit OFFSET @offset`,
      );
      listStatements.set(key, statement);
    }
    return statement;
  };
  const byStatusStatements = new Map<
    string,
    Database.Statement<Record<string, unknown>, { status: RunStatus; n: number }>
  >();
  const selectByStatus = (params: FilterParams) => {
    const where = whereClause(params);
    let statement = byStatusStatements.get(where);
    if (!statement) {
      statement = db.prepare<Record<string, unknown>, { status: RunStatus; n: number }>(
        `SELECT status, count(*) AS n FROM runs ${where} GROUP BY status`,
      );
      byStatusStatements.set(where, statement);
    }
    return statement;
  };
  const selectCount = (params: FilterParams) => {
    const where = whereClause(params);
    let statement = countStatements.get(where);
    if (!statement) {
      statement = db.prepare<Record<string, unknown>, { n: number }>(
        `SELECT count(*) AS n FROM runs ${where}`,
      );
      countStatements.set(where, statement);
    }
    return statement;
  };

  const get = (id: string) => {
    const row = selectOne.get(id);
    return row && toRun(row);
  };

  return {
    create(run) {
      const id = run.id ?? randomUUID();
      insert.run({
        id,
        flowId: run.flowId,
        flowVersion: run.flowVersion,
        contactId: run.contactId,
        status: run.status ?? 'running',
        triggerEventId: run.triggerEventId ?? null,
        currentNodeId: run.currentNodeId ?? null,
        retryOf: run.retryOf ?? null,
        now: now(),
      });
      return get(id) as RunRecord;
    },
    get,
    update(id, update) {
      const { changes } = updateRow.run({
        id,
        status: update.status ?? null,
        setNode: update.currentNodeId === undefined ? 0 : 1,
        currentNodeId: update.currentNodeId ?? null,
        setExitReason: update.exitReason === undefined ? 0 : 1,
        exitReason: update.exitReason ?? null,
        setError: update.error === undefined ? 0 : 1,
        error: update.error ?? null,
        now: now(),
      });
      return changes === 0 ? undefined : get(id);
    },
    beginAttempt(id) {
      return nextAttempt.run(now(), id).changes === 0 ? undefined : get(id);
    },
    findActive: (contactId, flowId) => selectActive.all(contactId, flowId).map(toRun),
    lastForContact(flowId, contactId) {
      const row = selectLast.get(contactId, flowId);
      return row && toRun(row);
    },
    list(filter = {}) {
      const params = filterParams(filter);
      return selectList(params, filter.sort ?? 'startedAt', filter.order ?? 'desc')
        .all({ ...params, limit: filter.limit ?? 50, offset: filter.offset ?? 0 })
        .map(toRun);
    },
    count(filter = {}) {
      const params = filterParams(filter);
      return selectCount(params).get(params)?.n ?? 0;
    },
    countByStatus(filter = {}) {
      const params = filterParams(filter);
      const counts: Record<RunStatus, number> = {
        running: 0,
        waiting: 0,
        completed: 0,
        exited: 0,
        failed: 0,
        cancelled: 0,
      };
      for (const row of selectByStatus(params).all(params)) counts[row.status] = row.n;
      return counts;
    },
  };
}
