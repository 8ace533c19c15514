import { JobContext, type ProcessingDeps } from './context.js';
import { checkExits } from './exits.js';
import { lockRun } from './locks.js';
import { noteEngagementLevel } from './segments.js';

const PAGE = 500;

/**
 * The scheduled side of exit criteria: contacts who stopped engaging never send the event that would
 * check their inactivity window, so active runs of flows with exit criteria are checked here, one
 * contact per transaction. Returns how many runs were checked.
 */
export async function sweepExits(deps: ProcessingDeps): Promise<number> {
  const { store } = deps;
  let checked = 0;
  for (let offset = 0; ; offset += PAGE) {
    const runs = await store.runs.list({ status: ['running', 'waiting'], limit: PAGE, offset });
    for (const run of runs) {
      const doc = await deps.flows(run.flowId, run.flowVersion);
      if (!doc || doc.settings.exits.length === 0) continue;
      checked++;
      await store.transaction(async () => {
        // Read in the transaction: a merge may have moved the run to another contact since the page.
        const current = await lockRun(store, run.id, run.contactId);
        if (!current || (current.status !== 'running' && current.status !== 'waiting')) return;
        await new JobContext(deps, current.contactId).work((job) => checkExits(job, [current]));
      });
    }
    if (runs.length < PAGE) break;
  }
  return checked;
}

/**
 * Engagement fades with time alone (opens and clicks leave the 30- and 90-day windows), so contacts
 * with a stored level above "not engaged" are recomputed here; a change fires engagement triggers.
 * Returns how many levels changed.
 */
export async function sweepEngagement(deps: ProcessingDeps): Promise<number> {
  let changed = 0;
  let after = '';
  for (;;) {
    const ids = await deps.store.contacts.listWithEngagementOtherThan('not engaged', {
      afterId: after,
      limit: PAGE,
    });
    for (const id of ids) {
      // Counted once committed: on PostgreSQL a deadlock runs the transaction again.
      const signalled = await deps.store.transaction(async () => {
        // The level read and stored below changes under this lock only.
        await deps.store.contacts.lock(id);
        // Merged into another contact since the page was read.
        if (!(await deps.store.contacts.get(id))) return false;
        let noted = false;
        await new JobContext(deps, id).work(async (job) => {
          noted = await noteEngagementLevel(job);
        });
        return noted;
      });
      if (signalled) changed++;
    }
    if (ids.length < PAGE) return changed;
    after = ids[ids.length - 1] ?? '';
  }
}
