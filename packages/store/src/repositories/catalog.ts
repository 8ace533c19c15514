import { type FitRule, type Grading, ScoringModel } from '@scoreflow/flow';
import { fromJson } from '../codec.js';
import { prepare } from '../prepared.js';
import type { RepositoryContext } from './context.js';
import { type ScoreDefinitionRecord, toDefinitionRecord } from './scoreDefinitions.js';
import type { TriggerMatch } from './triggers.js';

/** What a job needs of a scoring model: its attribute rules and its grading. */
export interface CatalogModel {
  id: string;
  name: string;
  /** The engagement score (the one its rows add to). */
  score: string;
  fitScore: string;
  fitRules: readonly FitRule[];
  grading: Grading | null;
}

/**
 * What every job looks up and what hardly ever changes, as of one moment, answered from memory: the
 * trigger index of active flows, the score definitions and the scoring models' fit rules and grades.
 */
export interface Catalog {
  /** Flows whose trigger of `triggerType` listens to `key`, in a stable order (as `triggers.find`). */
  find(triggerType: string, key: string): readonly TriggerMatch[];
  /** The definition of score `name`; undefined when it has none (the score's defaults apply). */
  definition(name: string): ScoreDefinitionRecord | undefined;
  /** Every score definition, by name. */
  definitions(): readonly ScoreDefinitionRecord[];
  /** The scoring models with attribute rules or grading, oldest first. */
  models(): readonly CatalogModel[];
  /** Those of them that grade contacts. */
  gradedModels(): readonly GradingModel[];
}

/** A scoring model that grades contacts. */
export type GradingModel = CatalogModel & { grading: Grading };

export interface CatalogRepository {
  /**
   * The catalog as it is now: kept in memory by this store and read again only when the database's
   * catalog version (moved by database triggers on every change of the trigger index, of a score
   * definition or of a scoring model) says it changed. One small read when nothing changed. In a transaction it is at least
   * as new as the transaction's first look at the version, which is what a job needs (the lookups of
   * one job see one catalog).
   */
  current(): Promise<Catalog>;
}

export function createCatalogRepository(ctx: RepositoryContext): CatalogRepository {
  // The table keeps its first name: it counted changes of the trigger index alone before score
  // definitions moved it too.
  const versionNow = prepare(ctx, (db, _: Record<string, never>) =>
    db.selectFrom('trigger_index_version').select('version').where('id', '=', 1),
  );
  const everyTrigger = prepare(ctx, (db, _: Record<string, never>) =>
    db
      .selectFrom('flow_triggers')
      .select(['trigger_type as triggerType', 'key', 'flow_id as flowId', 'version', 'node_id as nodeId'])
      .orderBy('flow_id')
      .orderBy('node_id'),
  );
  const everyDefinition = prepare(ctx, (db, _: Record<string, never>) =>
    db.selectFrom('score_definitions').selectAll().orderBy('name'),
  );
  const everyModel = prepare(ctx, (db, _: Record<string, never>) =>
    db.selectFrom('scoring_models').select(['id', 'model']).orderBy('created_at').orderBy('id'),
  );
  const load = async (): Promise<Catalog> => {
    const byLookup = new Map<string, TriggerMatch[]>();
    for (const { triggerType, key, ...match } of await everyTrigger.rows({})) {
      const lookup = `${triggerType}\n${key}`;
      const matches = byLookup.get(lookup) ?? [];
      matches.push({ ...match, version: Number(match.version) });
      byLookup.set(lookup, matches);
    }
    const all = (await everyDefinition.rows({})).map(toDefinitionRecord);
    const definitions = new Map(all.map((d) => [d.name, d] as const));
    const models: CatalogModel[] = [];
    for (const row of await everyModel.rows({})) {
      // Parsed for the defaults of fields added since a model was stored; stored models were valid.
      const parsed = ScoringModel.safeParse(fromJson(row.model));
      if (!parsed.success) continue;
      const { name, score, fitScore, fitRules, grading } = parsed.data;
      if (fitRules.length > 0 || grading !== null)
        models.push({ id: row.id, name, score, fitScore, fitRules, grading });
    }
    const graded = models.filter((m): m is GradingModel => m.grading !== null);
    return {
      find: (triggerType, key) => byLookup.get(`${triggerType}\n${key}`) ?? [],
      definition: (name) => definitions.get(name),
      definitions: () => all,
      models: () => models,
      gradedModels: () => graded,
    };
  };
  // The version is read before the rows: rows committed in between make the cached catalog newer than
  // its version says, never older, so the worst case is one read too many.
  let cached: { version: string; catalog: Promise<Catalog> } | undefined;
  return {
    async current() {
      // Compared as text, whatever type the driver gives a bigint.
      const version = String((await versionNow.first({}))?.version ?? 0);
      if (cached?.version !== version) {
        const catalog = load();
        cached = { version, catalog };
        // A failed read is not kept: the next job reads again.
        catalog.catch(() => {
          if (cached?.catalog === catalog) cached = undefined;
        });
      }
      return cached.catalog;
    },
  };
}
