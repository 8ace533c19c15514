import type { GradedModel } from '@scoreflow/flow';
import { useEffect, useState } from 'react';
import { scoringModelsApi } from '../api/scoring.js';

/**
 * The workspace's scoring models that grade contacts, for the dry run's grade conditions and its
 * grade of each day. Empty until they load, and when they cannot: a grade condition then fails in
 * the dry run saying no such model grades, as it would on the server.
 */
export function useGradedModels(): readonly GradedModel[] {
  const [models, setModels] = useState<readonly GradedModel[]>([]);
  useEffect(() => {
    let live = true;
    (async () => {
      const records = await Promise.all(
        (await scoringModelsApi.list()).map((s) => scoringModelsApi.get(s.id)),
      );
      const graded = records.flatMap(({ model }) =>
        model.grading
          ? [{ name: model.name, score: model.score, fitScore: model.fitScore, grading: model.grading }]
          : [],
      );
      if (live) setModels(graded);
    })().catch(() => {});
    return () => {
      live = false;
    };
  }, []);
  return models;
}
