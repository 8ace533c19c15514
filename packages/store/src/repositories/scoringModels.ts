import { randomUUID } from 'node:crypto';
import { type RowNodes, ScoringModel, type ScoringModelInput } from '@scoreflow/flow';
import type { Selectable } from 'kysely';
import { fromJson, toIso, toIsoOrNull, toJson } from '../codec.js';
import type { ScoringModels } from '../schema.js';
import type { RepositoryContext } from './context.js';

/** A stored scoring model, with the flow it generated last and what each row became there. */
export interface ScoringModelRecord {
  id: string;
  model: ScoringModel;
  flowId: string | null;
  /** Row id → node ids as of `generatedAt`; rows added since have no entry. */
  mapping: Record<string, RowNodes> | null;
  generatedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type ScoringModelSummary = Omit<ScoringModelRecord, 'model' | 'mapping'> & {
  name: string;
  rowCount: number;
};

export interface ScoringModelsRepository {
  list(): Promise<ScoringModelSummary[]>;
  get(id: string): Promise<ScoringModelRecord | undefined>;
  /** Validates (defaults applied) and stores a new model. */
  create(model: ScoringModelInput): Promise<ScoringModelRecord>;
  /** Replaces the model's table; the generated flow and mapping stay until the next generation. */
  update(id: string, model: ScoringModelInput): Promise<ScoringModelRecord | undefined>;
  delete(id: string): Promise<boolean>;
  /** Records the flow generated from the model and the row → node mapping it was built with. */
  setGenerated(
    id: string,
    flowId: string,
    mapping: Record<string, RowNodes>,
  ): Promise<ScoringModelRecord | undefined>;
}

type Row = Selectable<ScoringModels>;

const toRecord = (row: Row): ScoringModelRecord => ({
  id: row.id,
  model: fromJson<ScoringModel>(row.model),
  flowId: row.flow_id,
  mapping: row.mapping === null ? null : fromJson<Record<string, RowNodes>>(row.mapping),
  generatedAt: toIsoOrNull(row.generated_at),
  createdAt: toIso(row.created_at),
  updatedAt: toIso(row.updated_at),
});

export function createScoringModelsRepository({ db, now }: RepositoryContext): ScoringModelsRepository {
  const selectAll = () => db().selectFrom('scoring_models').selectAll();

  return {
    list: async () =>
      (await selectAll().orderBy('updated_at', 'desc').orderBy('rowid', 'desc').execute()).map((row) => {
        const { model, mapping: _mapping, ...rest } = toRecord(row);
        return { ...rest, name: model.name, rowCount: model.rows.length };
      }),
    async get(id) {
      const row = await selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },
    async create(input) {
      const model = ScoringModel.parse(input);
      const at = now();
      const row = await db()
        .insertInto('scoring_models')
        .values({ id: randomUUID(), name: model.name, model: toJson(model), created_at: at, updated_at: at })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    },
    async update(id, input) {
      const model = ScoringModel.parse(input);
      const row = await db()
        .updateTable('scoring_models')
        .set({ name: model.name, model: toJson(model), updated_at: now() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toRecord(row);
    },
    async delete(id) {
      const { numDeletedRows } = await db()
        .deleteFrom('scoring_models')
        .where('id', '=', id)
        .executeTakeFirst();
      return numDeletedRows > 0n;
    },
    async setGenerated(id, flowId, mapping) {
      const at = now();
      const row = await db()
        .updateTable('scoring_models')
        .set({ flow_id: flowId, mapping: toJson(mapping), generated_at: at, updated_at: at })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toRecord(row);
    },
  };
}
