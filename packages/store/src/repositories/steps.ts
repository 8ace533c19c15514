import type { Insertable, Selectable } from 'kysely';
import { fromJson, toIso, toJson } from '../codec.js';
import { newId } from '../ids.js';
import { prepare } from '../prepared.js';
import type { RunSteps } from '../schema.js';
import type { RepositoryContext } from './context.js';

export type StepStatus = 'ok' | 'error' | 'skipped';

/** What one node did in one run. */
export interface StepRecord {
  id: string;
  runId: string;
  nodeId: string;
  nodeType: string;
  /** Which visit of the node within the run this is; (runId, nodeId, attempt) is unique. */
  attempt: number;
  /** The run's attempt the step ran in (1, then one more per support retry of the run). */
  runAttempt: number;
  status: StepStatus;
  input: unknown;
  output: unknown;
  error: string | null;
  startedAt: string;
  endedAt: string;
}

export interface NewStep {
  id?: string;
  runId: string;
  nodeId: string;
  nodeType: string;
  attempt: number;
  status: StepStatus;
  input?: unknown;
  output?: unknown;
  error?: string | null;
  /** Epoch ms; both default to now. */
  startedAt?: number;
  endedAt?: number;
}

export interface StepsRepository {
  /**
   * Records the step unless (runId, nodeId, attempt) is already recorded. False means a previous
   * execution of the same job already applied this step, so its effects must not be applied again.
   */
  record(step: NewStep): Promise<boolean>;
  find(runId: string, nodeId: string, attempt: number): Promise<StepRecord | undefined>;
  /** The run's steps in the order they were recorded. */
  listForRun(runId: string): Promise<StepRecord[]>;
}

type StepRow = Selectable<RunSteps>;

const toStep = (row: StepRow): StepRecord => ({
  id: row.id,
  runId: row.run_id,
  nodeId: row.node_id,
  nodeType: row.node_type,
  attempt: row.attempt,
  runAttempt: row.run_attempt,
  status: row.status as StepStatus,
  input: fromJson(row.input),
  output: fromJson(row.output),
  error: row.error,
  startedAt: toIso(row.started_at),
  endedAt: toIso(row.ended_at),
});

export function createStepsRepository(ctx: RepositoryContext): StepsRepository {
  const { db, now } = ctx;
  // The hottest statement of all: every step of every run is one.
  const insert = prepare(ctx, (db, p: Omit<Insertable<RunSteps>, 'run_attempt'>) =>
    db
      .insertInto('run_steps')
      .values((eb) => ({
        id: p.id,
        run_id: p.run_id,
        node_id: p.node_id,
        node_type: p.node_type,
        attempt: p.attempt,
        status: p.status,
        input: p.input,
        output: p.output,
        error: p.error,
        started_at: p.started_at,
        ended_at: p.ended_at,
        // The run's attempt, read in the same statement (no run: the foreign key refuses the row).
        run_attempt: eb.fn.coalesce(
          eb.selectFrom('runs').select('attempt').where('id', '=', p.run_id),
          eb.lit(1),
        ),
      }))
      // ON CONFLICT names the one constraint that means "already recorded". INSERT OR IGNORE would also
      // swallow CHECK and NOT NULL violations, turning a bad row into a silent "duplicate".
      .onConflict((oc) => oc.columns(['run_id', 'node_id', 'attempt']).doNothing()),
  );
  return {
    async record(step) {
      const at = now();
      const startedAt = step.startedAt ?? at;
      const result = await insert.execute({
        id: step.id ?? newId(),
        run_id: step.runId,
        node_id: step.nodeId,
        node_type: step.nodeType,
        attempt: step.attempt,
        status: step.status,
        input: toJson(step.input),
        output: toJson(step.output),
        error: step.error ?? null,
        started_at: startedAt,
        ended_at: step.endedAt ?? Math.max(at, startedAt),
      });
      return (result.numAffectedRows ?? 0n) > 0n;
    },
    async find(runId, nodeId, attempt) {
      const row = await db()
        .selectFrom('run_steps')
        .selectAll()
        .where('run_id', '=', runId)
        .where('node_id', '=', nodeId)
        .where('attempt', '=', attempt)
        .executeTakeFirst();
      return row && toStep(row);
    },
    async listForRun(runId) {
      const rows = await db()
        .selectFrom('run_steps')
        .selectAll()
        .where('run_id', '=', runId)
        .orderBy('started_at')
        .orderBy('rowid')
        .execute();
      return rows.map(toStep);
    },
  };
}
