import { type RawBuilder, sql } from 'kysely';
import type { DialectName } from '../database.js';
import type { RepositoryContext } from './context.js';
import type { RunStatus } from './runs.js';

/** A flow's goal as the report measures it: a score condition, and how long after entry it counts. */
export interface ReportGoal {
  score: string;
  op: '>' | '>=' | '<' | '<=' | '==' | '!=';
  value: number;
  windowMs: number;
}

/** Entries of a flow version with one status, converted or not. */
export interface EntryCount {
  version: number;
  status: RunStatus;
  /** Whether the goal held within the window after entry; false when no goal is given. */
  converted: boolean;
  count: number;
}

/** Entries into one branch of one node (an A/B test), converted or not. */
export interface BranchCount {
  version: number;
  nodeId: string;
  /** The `branch` of the node's step output. */
  branch: string;
  converted: boolean;
  count: number;
}

/**
 * What the flow report counts. Conversion is read from the score ledger, which holds every score's
 * value after each change, so it is measured the same way for runs still inside the flow, runs that
 * ended long before the goal was reached, and held-out contacts whose runs ended at once; nothing is
 * written while events are processed.
 */
export interface FlowReportRepository {
  /** The flow's entries (runs a support restart made are not new entries) per version and status. */
  entries(flowId: string, goal: ReportGoal | undefined): Promise<EntryCount[]>;
  /**
   * Entries into the branches of every node of `nodeType` in the flow, once per run and node (the
   * first time the run got there), converted counting from that moment.
   */
  branches(flowId: string, nodeType: string, goal: ReportGoal | undefined): Promise<BranchCount[]>;
}

/** The goal's operator in SQL; a fixed table, so nothing a user wrote reaches the statement as SQL. */
const SQL_OPS: Record<ReportGoal['op'], string> = {
  '>': '>',
  '>=': '>=',
  '<': '<',
  '<=': '<=',
  '==': '=',
  '!=': '<>',
};

/**
 * 1 when the contact's `goal.score` satisfied the goal at some moment of [at, at + window]: either
 * the value it held at `at` (its last change before, 0 without one, as the exit criterion reads a
 * missing score) or one of the values it took within the window. 0 otherwise, and without a goal.
 * Both lookups walk the ledger's (contact, score) index.
 */
function converted(
  contactColumn: string,
  atColumn: string,
  goal: ReportGoal | undefined,
): RawBuilder<number> {
  if (goal === undefined) return sql<number>`0`;
  const op = sql.raw(SQL_OPS[goal.op]);
  const contact = sql.ref(contactColumn);
  const at = sql.ref(atColumn);
  return sql<number>`CASE WHEN COALESCE((
      SELECT held.value FROM score_ledger AS held
      WHERE held.contact_id = ${contact} AND held.score = ${goal.score} AND held.created_at < ${at}
      ORDER BY held.id DESC LIMIT 1), 0) ${op} ${goal.value}
    OR EXISTS (
      SELECT 1 FROM score_ledger AS later
      WHERE later.contact_id = ${contact} AND later.score = ${goal.score}
        AND later.created_at >= ${at} AND later.created_at <= ${at} + ${goal.windowMs}
        AND later.value ${op} ${goal.value})
    THEN 1 ELSE 0 END`;
}

/**
 * A top-level field of a run step's JSON output, as text (null when absent). The field name is a
 * literal of the statement, not a parameter: PostgreSQL matches a grouped expression with the
 * selected one by its text, and two parameters are two different expressions. Only fixed names from
 * this package are passed.
 */
export function stepOutputField(
  dialect: DialectName,
  field: 'branch' | 'skipped' | 'capped',
): RawBuilder<string | null> {
  return dialect === 'sqlite'
    ? sql<string | null>`json_extract(run_steps.output, ${sql.lit(`$.${field}`)})`
    : sql<string | null>`(run_steps.output::jsonb ->> ${sql.lit(field)})`;
}

export function createFlowReportRepository({ db, dialect }: RepositoryContext): FlowReportRepository {
  const branchOf = stepOutputField(dialect, 'branch');

  return {
    async entries(flowId, goal) {
      const rows = await db()
        .selectFrom((qb) =>
          qb
            .selectFrom('runs')
            .select([
              'runs.flow_version as version',
              'runs.status as status',
              converted('runs.contact_id', 'runs.started_at', goal).as('converted'),
            ])
            .where('runs.flow_id', '=', flowId)
            .where('runs.retry_of', 'is', null)
            .as('entry'),
        )
        .select((eb) => ['version', 'status', 'converted', eb.fn.countAll<number | string>().as('count')])
        .groupBy(['version', 'status', 'converted'])
        .orderBy('version')
        .execute();
      return rows.map((r) => ({
        version: Number(r.version),
        status: r.status as RunStatus,
        converted: Number(r.converted) === 1,
        count: Number(r.count),
      }));
    },

    async branches(flowId, nodeType, goal) {
      const rows = await db()
        .selectFrom((qb) =>
          qb
            .selectFrom((inner) =>
              inner
                .selectFrom('run_steps')
                .innerJoin('runs', 'runs.id', 'run_steps.run_id')
                .select([
                  'runs.flow_version as version',
                  'runs.contact_id as contact_id',
                  'run_steps.node_id as node_id',
                  branchOf.as('branch'),
                ])
                .select((eb) => eb.fn.min('run_steps.started_at').as('at'))
                .where('runs.flow_id', '=', flowId)
                .where('run_steps.node_type', '=', nodeType)
                .where('run_steps.status', '=', 'ok')
                .groupBy(['runs.id', 'runs.flow_version', 'runs.contact_id', 'run_steps.node_id', branchOf])
                .as('visit'),
            )
            .select([
              'visit.version',
              'visit.node_id',
              'visit.branch',
              converted('visit.contact_id', 'visit.at', goal).as('converted'),
            ])
            .where('visit.branch', 'is not', null)
            .as('entry'),
        )
        .select((eb) => [
          'version',
          'node_id',
          'branch',
          'converted',
          eb.fn.countAll<number | string>().as('count'),
        ])
        .groupBy(['version', 'node_id', 'branch', 'converted'])
        .orderBy('version')
        .execute();
      return rows.map((r) => ({
        version: Number(r.version),
        nodeId: r.node_id,
        branch: String(r.branch),
        converted: Number(r.converted) === 1,
        count: Number(r.count),
      }));
    },
  };
}
