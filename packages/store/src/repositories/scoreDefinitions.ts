import {
  type DecayPolicy,
  type ScoreBand,
  ScoreDefinition,
  type ScoreDefinitionInput,
} from '@scoreflow/flow';
import { fromJson, toIso, toJson } from '../codec.js';
import type { LegacyRepositoryContext } from './context.js';

export interface ScoreDefinitionRecord extends ScoreDefinition {
  createdAt: string;
  updatedAt: string;
}

export interface ScoreDefinitionsRepository {
  list(): ScoreDefinitionRecord[];
  get(name: string): ScoreDefinitionRecord | undefined;
  /** Creates or replaces the definition of `def.name` (defaults applied: bands, description...). */
  upsert(def: ScoreDefinitionInput): ScoreDefinitionRecord;
  delete(name: string): boolean;
  /** Definitions that have a decay policy. */
  withDecay(): ScoreDefinitionRecord[];
}

interface Row {
  name: string;
  description: string;
  floor: number | null;
  cap: number | null;
  decay: string | null;
  bands: string | null;
  created_at: number;
  updated_at: number;
}

const toRecord = (row: Row): ScoreDefinitionRecord => ({
  name: row.name,
  description: row.description,
  floor: row.floor,
  cap: row.cap,
  decay: row.decay === null ? null : fromJson<DecayPolicy>(row.decay),
  bands: row.bands === null ? null : fromJson<ScoreBand[]>(row.bands),
  createdAt: toIso(row.created_at),
  updatedAt: toIso(row.updated_at),
});

export function createScoreDefinitionsRepository({ db, now }: LegacyRepositoryContext): ScoreDefinitionsRepository {
  const selectAll = db.prepare<[], Row>('SELECT * FROM score_definitions ORDER BY name');
  const selectOne = db.prepare<[string], Row>('SELECT * FROM score_definitions WHERE name = ?');
  const selectDecaying = db.prepare<[], Row>(
    'SELECT * FROM score_definitions WHERE decay IS NOT NULL ORDER BY name',
  );
  const upsert = db.prepare(
    `INSERT INTO score_definitions (name, description, floor, cap, decay, bands, created_at, updated_at)
     VALUES (@name, @description, @floor, @cap, @decay, @bands, @now, @now)
     ON CONFLICT (name) DO UPDATE SET description = excluded.description, floor = excluded.floor,
       cap = excluded.cap, decay = excluded.decay, bands = excluded.bands, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare<[string]>('DELETE FROM score_definitions WHERE name = ?');

  return {
    list: () => selectAll.all().map(toRecord),
    get: (name) => {
      const row = selectOne.get(name);
      return row ? toRecord(row) : undefined;
    },
    upsert(input) {
      const def = ScoreDefinition.parse(input);
      upsert.run({
        name: def.name,
        description: def.description,
        floor: def.floor,
        cap: def.cap,
        decay: def.decay === null ? null : toJson(def.decay),
        bands: def.bands === null ? null : toJson(def.bands),
        now: now(),
      });
      return toRecord(selectOne.get(def.name) as Row);
    },
    delete: (name) => remove.run(name).changes > 0,
    withDecay: () => selectDecaying.all().map(toRecord),
  };
}
