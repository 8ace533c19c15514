import { contactGrade, type GradedModel, gradeListName, isGrade } from '@scoreflow/flow';
import type { JobContext } from './context.js';
import type { Signal } from './signals.js';

/**
 * Keeps the contact in the list of its grade under each grading model ("Lead model: grade B2"), so
 * grades work as segments, and signals a grade change for `trigger.gradeChanged`. Called for each
 * score change: only models whose fit or engagement score it is are looked at.
 */
export async function moveGrades(job: JobContext, change: Extract<Signal, { kind: 'score' }>): Promise<void> {
  const models = (await job.catalog())
    .gradedModels()
    .filter((m) => m.score === change.score || m.fitScore === change.score);
  if (models.length === 0) return;
  const { scores } = await job.contact();
  for (const model of models) {
    const before = contactGrade(model, { ...scores, [change.score]: change.previous });
    const after = contactGrade(model, { ...scores, [change.score]: change.value });
    await settleGrade(job, model, after, before === after ? undefined : before);
  }
}

/**
 * Puts the contact in the list of `grade` and out of the model's other grade lists; signals the
 * change from `previous` (null: a contact never graded before) unless it is undefined (no change).
 */
async function settleGrade(
  job: JobContext,
  model: GradedModel,
  grade: string,
  previous: string | null | undefined,
): Promise<void> {
  const target = gradeListName(model.name, grade);
  const prefix = gradeListName(model.name, '');
  for (const list of (await job.contact()).lists)
    if (list.startsWith(prefix) && list !== target && isGrade(list.slice(prefix.length)))
      await job.leaveList(list);
  const joined = await job.joinList(target);
  if (previous !== undefined) job.emit({ kind: 'grade', model: model.name, grade, previous });
  else if (joined) {
    // In no grade list before (grades were turned on since its scores last moved): it enters one.
    job.emit({ kind: 'grade', model: model.name, grade, previous: null });
  }
}

/** A new contact, or one brought up to date (apply-fit), enters its grade under each grading model. */
export async function enterGrades(job: JobContext, only?: string): Promise<void> {
  const { scores } = await job.contact();
  for (const model of (await job.catalog()).gradedModels())
    if (only === undefined || model.id === only)
      await settleGrade(job, model, contactGrade(model, scores), undefined);
}
