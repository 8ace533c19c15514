import { randomUUID } from 'node:crypto';
import { type RowNodes, ScoringModel, type ScoringModelInput } from '@scoreflow/flow';
import { fromJson, toIso, toIsoOrNull, toJson } from '../codec.js';
import type { LegacyRepositoryContext } from './context.js';

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
  list(): ScoringModelSummary[];
  get(id: string): ScoringModelRecord | undefined;
  /** Validates (defaults applied) and stores a new model. */
  create(model: ScoringModelInput): ScoringModelRecord;
  /** Replaces the model's table; the generated flow and mapping stay until the next generation. */
  update(id: string, model: ScoringModelInput): ScoringModelRecord | undefined;
  delete(id: string): boolean;
  /** Records the flow generated from the model and the row → node mapping it was built with. */
  setGenerated(id: string, flowId: string, mapping: Record<string, RowNodes>): ScoringModelRecord | undefined;
}

interface Row {
  id: string;
  name: string;
  model: string;
  flow_id: string | null;
  mapping: string | null;
  generated_at: number | null;
  created_at: number;
  updated_at: number;
}

const toRecord = (row: Row): ScoringModelRecord => ({
  id: row.id,
  model: fromJson<ScoringModel>(row.model),
  flowId: row.flow_id,
  mapping: row.mapping === null ? null : fromJson<Record<string, RowNodes>>(row.mapping),
  generatedAt: toIsoOrNull(row.generated_at),
  createdAt: toIso(row.created_at),
  updatedAt: toIso(row.updated_at),
});

export function createScoringModelsRepository({ db, now }: LegacyRepositoryContext): ScoringModelsRepository {
  const insert = db.prepare(
    `INSERT INTO scoring_models (id, name, model, created_at, updated_at)
     VALUES (@id, @name, @model, @now, @now)`,
  );
  const selectOne = db.prepare<[string], Row>('SELECT * FROM scoring_models WHERE id = ?');
  const selectAll = db.prepare<[], Row>('SELECT * FROM scoring_models ORDER BY updated_at DESC, rowid DESC');
  const updateModel = db.prepare(
    'UPDATE scoring_models SET name = @name, model = @model, updated_at = @now WHERE id = @id',
  );
  const updateGenerated = db.prepare(
    `UPDATE scoring_models SET flow_id = @flowId, mapping = @mapping, generated_at = @now, updated_at = @now
     WHERE id = @id`,
  );
  const remove = db.prepare<[string]>('DELETE FROM scoring_models WHERE id = ?');

  const get = (id: string) => {
    const row = selectOne.get(id);
    return row && toRecord(row);
  };

  return {
    list: () =>
      selectAll.all().map((row) => {
        const { model, mapping: _mapping, ...rest } = toRecord(row);
        return { ...rest, name: model.name, rowCount: model.rows.length };
      }),
    get,
    create(input) {
      const model = ScoringModel.parse(input);
      const id = randomUUID();
      insert.run({ id, name: model.name, model: toJson(model), now: now() });
      return get(id) as ScoringModelRecord;
    },
    update(id, input) {
      const model = ScoringModel.parse(input);
      const { changes } = updateModel.run({ id, name: model.name, model: toJson(model), now: now() });
      return changes > 0 ? get(id) : undefined;
    },
    delete: (id) => remove.run(id).changes > 0,
    setGenerated(id, flowId, mapping) {
      const { changes } = updateGenerated.run({ id, flowId, mapping: toJson(mapping), now: now() });
      return changes > 0 ? get(id) : undefined;
    },
  };
}
