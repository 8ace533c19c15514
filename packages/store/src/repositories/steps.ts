import { randomUUID } from 'node:crypto';
import { fromJson, toIso, toJson } from '../codec.js';
import type { LegacyRepositoryContext } from './context.js';

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
  record(step: NewStep): boolean;
  find(runId: string, nodeId: string, attempt: number): StepRecord | undefined;
  /** The run's steps in the order they were recorded. */
  listForRun(runId: string): StepRecord[];
}

interface StepRow {
  id: string;
  run_id: string;
  node_id: string;
  node_type: string;
  attempt: number;
  run_attempt: number;
  status: StepStatus;
  input: string;
  output: string;
  error: string | null;
  started_at: number;
  ended_at: number;
}

const toStep = (row: StepRow): StepRecord => ({
  id: row.id,
  runId: row.run_id,
  nodeId: row.node_id,
  nodeType: row.node_type,
  attempt: row.attempt,
  runAttempt: row.run_attempt,
  status: row.status,
  input: fromJson(row.input),
  output: fromJson(row.output),
  error: row.error,
  startedAt: toIso(row.started_at),
  endedAt: toIso(row.ended_at),
});

export function createStepsRepository({ db, now }: LegacyRepositoryContext): StepsRepository {
  // ON CONFLICT names the one constraint that means "already recorded". INSERT OR IGNORE would also
  // swallow CHECK and NOT NULL violations, turning a bad row into a silent "duplicate".
  const insert = db.prepare(
    `INSERT INTO run_steps
       (id, run_id, node_id, node_type, attempt, run_attempt, status, input, output, error, started_at,
        ended_at)
     VALUES (@id, @runId, @nodeId, @nodeType, @attempt,
       coalesce((SELECT attempt FROM runs WHERE id = @runId), 1),
       @status, @input, @output, @error, @startedAt, @endedAt)
     ON CONFLICT (run_id, node_id, attempt) DO NOTHING`,
  );
  const selectOne = db.prepare<[string, string, number], StepRow>(
    'SELECT * FROM run_steps WHERE run_id = ? AND node_id = ? AND attempt = ?',
  );
  const selectForRun = db.prepare<[string], StepRow>(
    'SELECT * FROM run_steps WHERE run_id = ? ORDER BY started_at, rowid',
  );

  return {
    record(step) {
      const at = now();
      const startedAt = step.startedAt ?? at;
      return (
        insert.run({
          id: step.id ?? randomUUID(),
          runId: step.runId,
          nodeId: step.nodeId,
          nodeType: step.nodeType,
          attempt: step.attempt,
          status: step.status,
          input: toJson(step.input),
          output: toJson(step.output),
          error: step.error ?? null,
          startedAt,
          endedAt: step.endedAt ?? Math.max(at, startedAt),
        }).changes > 0
      );
    },
    find(runId, nodeId, attempt) {
      const row = selectOne.get(runId, nodeId, attempt);
      return row && toStep(row);
    },
    listForRun: (runId) => selectForRun.all(runId).map(toStep),
  };
}
