import { fitPoints } from '@scoreflow/engine';
import { describeFitRule } from '@scoreflow/flow';
import type { CatalogModel } from '@scoreflow/store';
import type { JobContext } from './context.js';

/**
 * Brings the contact's fit score under `model` in line with its attribute rules: each rule counts its
 * points while it holds. What counts is kept per rule (fit_matches), so a rule that stops holding takes
 * back exactly what it gave, a rule whose points were edited moves the score by the difference, and a
 * rule removed from the model takes its points back. One ledger row per rule that changed, naming it.
 * Returns whether the fit score moved.
 */
export async function applyFitRules(job: JobContext, model: CatalogModel): Promise<boolean> {
  const { store } = job.deps;
  const { attributes } = await job.contact();
  const want = fitPoints(model.fitRules, attributes);
  const have = await store.fitMatches.get(job.contactId, model.id);
  let moved = false;
  const change = async (ruleId: string, points: number, note: string) => {
    const delta = points - (have.get(ruleId) ?? 0);
    if (delta === 0) return;
    const changed = await job.changeScore(
      { score: model.fitScore, delta },
      { causeKind: 'fit', note: `${note} (${model.name})` },
    );
    moved ||= changed !== undefined;
    if (points === 0) await store.fitMatches.remove(job.contactId, model.id, ruleId);
    else await store.fitMatches.set(job.contactId, model.id, ruleId, points);
  };
  for (const rule of model.fitRules) {
    const points = want.get(rule.id) ?? 0;
    const words = describeFitRule(rule);
    await change(
      rule.id,
      points,
      points === 0 ? `Fit rule no longer met: ${words}` : `Fit rule met: ${words}`,
    );
  }
  for (const ruleId of have.keys())
    if (!want.has(ruleId)) await change(ruleId, 0, `Fit rule ${ruleId} was removed from the model`);
  return moved;
}

/** Applies the rules of every model that has one on `attribute`, after that attribute changed. */
export async function applyFitRulesOn(job: JobContext, attribute: string): Promise<void> {
  for (const model of (await job.catalog()).models())
    if (model.fitRules.some((rule) => rule.attribute === attribute)) await applyFitRules(job, model);
}

/**
 * After a merge moved the other contact's fit rows in: the fit score under each model becomes what
 * the rules give the survivor's attributes (one ledger row), and what each rule counts is kept anew.
 */
export async function settleFitAfterMerge(job: JobContext): Promise<void> {
  const { store } = job.deps;
  const contact = await store.contacts.get(job.contactId);
  if (!contact) return;
  for (const model of (await job.catalog()).models()) {
    if (model.fitRules.length === 0) continue;
    const want = fitPoints(model.fitRules, contact.attributes);
    const total = [...want.values()].reduce((a, b) => a + b, 0);
    await job.changeScore(
      { score: model.fitScore, value: total },
      { causeKind: 'fit', note: `Fit rules applied again after a merge (${model.name})` },
    );
    const have = await store.fitMatches.get(job.contactId, model.id);
    for (const ruleId of have.keys())
      if (!want.get(ruleId)) await store.fitMatches.remove(job.contactId, model.id, ruleId);
    for (const [ruleId, points] of want)
      if (points !== 0) await store.fitMatches.set(job.contactId, model.id, ruleId, points);
  }
}
