import type { RepositoryContext } from './context.js';

/** Which attribute rules of a model count in a contact's fit score now, and for how many points. */
export interface FitMatchesRepository {
  /** Rule id → points, for one contact and model. */
  get(contactId: string, modelId: string): Promise<Map<string, number>>;
  set(contactId: string, modelId: string, ruleId: string, points: number): Promise<void>;
  remove(contactId: string, modelId: string, ruleId: string): Promise<void>;
}

export function createFitMatchesRepository({ db }: RepositoryContext): FitMatchesRepository {
  return {
    async get(contactId, modelId) {
      const rows = await db()
        .selectFrom('fit_matches')
        .select(['rule_id', 'points'])
        .where('contact_id', '=', contactId)
        .where('model_id', '=', modelId)
        .execute();
      return new Map(rows.map((r) => [r.rule_id, Number(r.points)]));
    },
    async set(contactId, modelId, ruleId, points) {
      await db()
        .insertInto('fit_matches')
        .values({ contact_id: contactId, model_id: modelId, rule_id: ruleId, points })
        .onConflict((oc) => oc.columns(['contact_id', 'model_id', 'rule_id']).doUpdateSet({ points }))
        .execute();
    },
    async remove(contactId, modelId, ruleId) {
      await db()
        .deleteFrom('fit_matches')
        .where('contact_id', '=', contactId)
        .where('model_id', '=', modelId)
        .where('rule_id', '=', ruleId)
        .execute();
    },
  };
}
