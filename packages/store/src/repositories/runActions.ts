import type { Selectable } from 'kysely';
import { fromJson, toIso, toJson } from '../codec.js';
import type { RunActions } from '../schema.js';
import type { RepositoryContext } from './context.js';

export type RunActionKind = 'retry' | 'restart' | 'cancel' | 'fastForward' | 'move';

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
  }): Promise<RunAction>;
  listForRun(runId: string): Promise<RunAction[]>;
}

type Row = Selectable<RunActions>;

const toAction = (row: Row): RunAction => ({
  // The generated key, never null once stored (the schema types SQLite's INTEGER PRIMARY KEY as nullable).
  id: row.id as number,
  runId: row.run_id,
  action: row.action as RunActionKind,
  actor: row.actor,
  detail: fromJson(row.detail),
  createdAt: toIso(row.created_at),
});

export function createRunActionsRepository({ db, now }: RepositoryContext): RunActionsRepository {
  return {
    async record({ runId, action, actor, detail = {} }) {
      const row = await db()
        .insertInto('run_actions')
        .values({ run_id: runId, action, actor, detail: toJson(detail), created_at: now() })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toAction(row);
    },
    async listForRun(runId) {
      const rows = await db()
        .selectFrom('run_actions')
        .selectAll()
        .where('run_id', '=', runId)
        .orderBy('id')
        .execute();
      return rows.map(toAction);
    },
  };
}
