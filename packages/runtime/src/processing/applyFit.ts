import { type AfterCommit, JobContext, type ProcessingDeps } from './context.js';
import { applyFitRules } from './fit.js';
import { enterGrades } from './grades.js';

/** Contacts read per page. */
const PAGE = 500;

/** What applying a model's attribute rules to every contact did. */
export interface FitApplied {
  contacts: number;
  changed: number;
}

/**
 * Applies a model's attribute rules to every contact now, and puts each in the list of its grade:
 * the rules apply to attribute changes by themselves, so this is for contacts that did not change
 * since the rules were saved (or grades turned on). One transaction per contact under its lock, like
 * any job, with the flows the changes trigger; `schedule` hands each page's waits and deliveries on.
 * Undefined when the model has neither rules nor grading (or does not exist).
 */
export async function applyFitToAll(
  deps: ProcessingDeps,
  modelId: string,
  schedule: (work: AfterCommit) => Promise<void>,
): Promise<FitApplied | undefined> {
  const { store } = deps;
  if (!(await store.catalog.current()).models().some((m) => m.id === modelId)) return undefined;
  const applied: FitApplied = { contacts: 0, changed: 0 };
  for (let after = ''; ; ) {
    const ids = await store.contacts.idsAfter(after, PAGE);
    if (ids.length === 0) return applied;
    after = ids.at(-1) as string;
    for (const contactId of ids) {
      const done = await store.transaction(async () => {
        await store.contacts.lock(contactId);
        // Deleted since the page was read.
        if (!(await store.contacts.get(contactId))) return undefined;
        let moved = false;
        const work = await new JobContext(deps, contactId).work(async (job) => {
          const model = (await job.catalog()).models().find((m) => m.id === modelId);
          if (!model) return;
          moved = await applyFitRules(job, model);
          await enterGrades(job, modelId);
        });
        return { moved, work };
      });
      if (done === undefined) continue;
      // After the commit: a wait or a delivery the queues learn of must be in the store.
      await schedule(done.work);
      applied.contacts++;
      if (done.moved) applied.changed++;
    }
  }
}
