import { fromJson, toIso, toJson } from '../codec.js';
import type { LegacyRepositoryContext } from './context.js';

export type RunActionKind = 'retry' | 'restart' | 'cancel' | 'fastForward';

/** Something support staff did to a run. */
export interface RunAction {
  id: number;
  runId: string;
  action: RunActionKind;
  /** Who did it (a user or token name; "anonymous" before access control). */
  actor: string;
  detail: Record<string, unknown>;
  createdAt: string;
}

export interface RunActionsRepository {
  record(action: {
    runId: string;
    action: RunActionKind;
    actor: string;
    detail?: Record<string, unknown>;
  }): RunAction;
  listForRun(runId: string): RunAction[];
}

interface Row {
  id: number;
  run_id: string;
  action: RunActionKind;
  actor: string;
  detail: string;
  created_at: number;
}

const toAction = (row: Row): RunAction => ({
  id: row.id,
  runId: row.run_id,
  action: row.action,
  actor: row.actor,
  detail: fromJson(row.detail),
  createdAt: toIso(row.created_at),
});

export function createRunActionsRepository({ db, now }: LegacyRepositoryContext): RunActionsRepository {
  const insert = db.prepare<[string, string, string, string, number]>(
    'INSERT INTO run_actions (run_id, action, actor, detail, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  const selectOne = db.prepare<[number | bigint], Row>('SELECT * FROM run_actions WHERE id = ?');
  const selectForRun = db.prepare<[string], Row>('SELECT * FROM run_actions WHERE run_id = ? ORDER BY id');
  return {
    record({ runId, action, actor, detail = {} }) {
      const { lastInsertRowid } = insert.run(runId, action, actor, toJson(detail), now());
      return toAction(selectOne.get(lastInsertRowid) as Row);
    },
    listForRun: (runId) => selectForRun.all(runId).map(toAction),
  };
}
