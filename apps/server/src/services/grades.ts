import type { ContactGrade } from '@scoreflow/api';
import { contactGrade } from '@scoreflow/flow';
import type { Store } from '@scoreflow/store';

/**
 * A contact's grade under each scoring model that grades, from its scores: the grade is a function of
 * the two scores, so it is computed where it is shown rather than stored beside them.
 */
export async function gradesFor(
  store: Store,
): Promise<(scores: Readonly<Record<string, number>>) => ContactGrade[]> {
  const models = (await store.catalog.current()).gradedModels();
  return (scores) =>
    models.map((model) => ({
      model: model.name,
      grade: contactGrade(model, scores),
      fitScore: model.fitScore,
      fit: scores[model.fitScore] ?? 0,
      score: model.score,
      engagement: scores[model.score] ?? 0,
    }));
}
