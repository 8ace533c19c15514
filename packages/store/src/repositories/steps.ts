import type { Selectable } from 'kysely';
import { batches, JOB_BATCH_ROWS } from '../batches.js';
import { fromJson, toIso, toJson } from '../codec.js';
import { prepareByCount } from '../prepared.js';
import type { RunSteps } from '../schema.js';
import type { RepositoryContext } from './context.js';

export type StepStatus = 'ok' | 'error' | 'skipped';

/** What one node did in one run. */
export interface StepRecord {
  /** The step's name within its run, `<nodeId>:<attempt>`: the node and which visit of it. */
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
  runId: string;
  nodeId: string;
  nodeType: string;
  attempt: number;
  status: StepStatus;
  /**
   * What started the step's execution. Left out, the step has the input of the step recorded before
   * it in the run: the steps of one execution share theirs, and only the first carries it.
   */
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
  /**
   * `record` for the steps of one execution, in one statement (a run's steps are written together):
   * each step is recorded unless already recorded, in order.
   */
  recordMany(steps: readonly NewStep[]): Promise<void>;
  find(runId: string, nodeId: string, attempt: number): Promise<StepRecord | undefined>;
  /** The run's steps in the order they were recorded, each with its input. */
  listForRun(runId: string): Promise<StepRecord[]>;
}

type StepRow = Selectable<RunSteps>;

const toStep = (row: StepRow, input: unknown): StepRecord => ({
  id: `${row.node_id}:${row.attempt}`,
  runId: row.run_id,
  nodeId: row.node_id,
  nodeType: row.node_type,
  attempt: row.attempt,
  runAttempt: row.run_attempt,
  status: row.status as StepStatus,
  input,
  output: fromJson(row.output),
  error: row.error,
  startedAt: toIso(row.started_at),
  endedAt: toIso(row.ended_at),
});

export function createStepsRepository(ctx: RepositoryContext): StepsRepository {
  const { db, now } = ctx;
  // The hottest statements of all: every step of every run is a row. One statement per number of rows
  // (a run records a few steps at once), built once.
  const insertOf = prepareByCount(ctx, (db, p: Record<string, unknown>, count) =>
    db
      .insertInto('run_steps')
      .values((eb) =>
        Array.from({ length: count }, (_, i) => ({
          run_id: p[`run_id${i}`] as string,
          node_id: p[`node_id${i}`] as string,
          node_type: p[`node_type${i}`] as string,
          attempt: p[`attempt${i}`] as number,
          status: p[`status${i}`] as string,
          input: p[`input${i}`] as string | null,
          output: p[`output${i}`] as string,
          error: p[`error${i}`] as string | null,
          started_at: p[`started_at${i}`] as number,
          ended_at: p[`ended_at${i}`] as number,
          // The run's attempt, read in the same statement (no run: the foreign key refuses the row).
          run_attempt: eb.fn.coalesce(
            eb
              .selectFrom('runs')
              .select('attempt')
              .where('id', '=', p[`run_id${i}`] as string),
            eb.lit(1),
          ),
        })),
      )
      // ON CONFLICT names the one constraint that means "already recorded". INSERT OR IGNORE would
      // also swallow CHECK and NOT NULL violations, turning a bad row into a silent "duplicate".
      .onConflict((oc) => oc.columns(['run_id', 'node_id', 'attempt']).doNothing()),
  );
  const write = (steps: readonly NewStep[]) => {
    const at = now();
    const values: Record<string, unknown> = {};
    steps.forEach((step, i) => {
      const startedAt = step.startedAt ?? at;
      values[`run_id${i}`] = step.runId;
      values[`node_id${i}`] = step.nodeId;
      values[`node_type${i}`] = step.nodeType;
      values[`attempt${i}`] = step.attempt;
      values[`status${i}`] = step.status;
      values[`input${i}`] = step.input === undefined ? null : toJson(step.input);
      values[`output${i}`] = toJson(step.output);
      values[`error${i}`] = step.error ?? null;
      values[`started_at${i}`] = startedAt;
      values[`ended_at${i}`] = step.endedAt ?? Math.max(at, startedAt);
    });
    return insertOf(steps.length).execute(values);
  };
  return {
    async record(step) {
      const result = await write([step]);
      return (result.numAffectedRows ?? 0n) > 0n;
    },
    async recordMany(steps) {
      for (const slice of batches(steps, JOB_BATCH_ROWS)) await write(slice);
    },
    async find(runId, nodeId, attempt) {
      // A step's input may be that of the steps before it: read with them.
      const steps = await listForRun(runId);
      return steps.find((s) => s.nodeId === nodeId && s.attempt === attempt);
    },
    listForRun,
  };
  async function listForRun(runId: string): Promise<StepRecord[]> {
    const rows = await db()
      .selectFrom('run_steps')
      .selectAll()
      .where('run_id', '=', runId)
      .orderBy('started_at')
      .orderBy('rowid')
      .execute();
    let input: unknown = null;
    return rows.map((row) => {
      if (row.input !== null) input = fromJson(row.input);
      return toStep(row, input);
    });
  }
}
