import {
  type AccountAggregate,
  type DecayPolicy,
  type ScoreBand,
  ScoreDefinition,
  type ScoreDefinitionInput,
} from '@scoreflow/flow';
import type { Selectable } from 'kysely';
import { fromJson, toIso, toJson } from '../codec.js';
import { prepare } from '../prepared.js';
import type { ScoreDefinitions } from '../schema.js';
import type { RepositoryContext } from './context.js';

export interface ScoreDefinitionRecord extends ScoreDefinition {
  createdAt: string;
  updatedAt: string;
}

export interface ScoreDefinitionsRepository {
  list(): Promise<ScoreDefinitionRecord[]>;
  get(name: string): Promise<ScoreDefinitionRecord | undefined>;
  /** Creates or replaces the definition of `def.name` (defaults applied: bands, description...). */
  upsert(def: ScoreDefinitionInput): Promise<ScoreDefinitionRecord>;
  delete(name: string): Promise<boolean>;
  /** Definitions that have a decay policy. */
  withDecay(): Promise<ScoreDefinitionRecord[]>;
}

type Row = Selectable<ScoreDefinitions>;

/** A stored definition as the rest of the product sees it. */
export const toDefinitionRecord = (row: Row): ScoreDefinitionRecord => ({
  name: row.name,
  description: row.description,
  floor: row.floor,
  cap: row.cap,
  decay: row.decay === null ? null : fromJson<DecayPolicy>(row.decay),
  bands: row.bands === null ? null : fromJson<ScoreBand[]>(row.bands),
  account: row.account as AccountAggregate,
  createdAt: toIso(row.created_at),
  updatedAt: toIso(row.updated_at),
});

export function createScoreDefinitionsRepository(ctx: RepositoryContext): ScoreDefinitionsRepository {
  const { db, now } = ctx;
  const selectAll = () => db().selectFrom('score_definitions').selectAll();
  // Read for every score change outside a job (jobs read the catalog, see catalog.ts).
  const byName = prepare(ctx, (db, p: { name: string }) =>
    db.selectFrom('score_definitions').selectAll().where('name', '=', p.name),
  );

  return {
    list: async () => (await selectAll().orderBy('name').execute()).map(toDefinitionRecord),
    async get(name) {
      const row = await byName.first({ name });
      return row ? toDefinitionRecord(row) : undefined;
    },
    async upsert(input) {
      const def = ScoreDefinition.parse(input);
      const at = now();
      const row = await db()
        .insertInto('score_definitions')
        .values({
          name: def.name,
          description: def.description,
          floor: def.floor,
          cap: def.cap,
          decay: def.decay === null ? null : toJson(def.decay),
          bands: def.bands === null ? null : toJson(def.bands),
          account: def.account,
          created_at: at,
          updated_at: at,
        })
        .onConflict((oc) =>
          oc.column('name').doUpdateSet((eb) => ({
            description: eb.ref('excluded.description'),
            floor: eb.ref('excluded.floor'),
            cap: eb.ref('excluded.cap'),
            decay: eb.ref('excluded.decay'),
            bands: eb.ref('excluded.bands'),
            account: eb.ref('excluded.account'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      return toDefinitionRecord(row);
    },
    async delete(name) {
      const { numDeletedRows } = await db()
        .deleteFrom('score_definitions')
        .where('name', '=', name)
        .executeTakeFirst();
      return numDeletedRows > 0n;
    },
    withDecay: async () =>
      (await selectAll().where('decay', 'is not', null).orderBy('name').execute()).map(toDefinitionRecord),
  };
}
