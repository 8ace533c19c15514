import { checkExits } from './exits.js';
import { newJob, type ProcessingDeps } from './job.js';
import { drainSignals } from './signals.js';

const PAGE = 500;

/**
 * The scheduled side of exit criteria: contacts who stopped engaging never send the event that would
 * check their inactivity window, so active runs of flows with exit criteria are checked here, one
 * contact per transaction. Returns how many runs were checked.
 */
export function sweepExits(deps: ProcessingDeps): number {
  const { store } = deps;
  let checked = 0;
  for (let offset = 0; ; offset += PAGE) {
    const runs = store.runs.list({ status: ['running', 'waiting'], limit: PAGE, offset });
    for (const run of runs) {
      const doc = deps.flows(run.flowId, run.flowVersion);
      if (!doc || doc.settings.exits.length === 0) continue;
      checked++;
      store.transaction(() => {
        const current = store.runs.get(run.id);
        if (!current || (current.status !== 'running' && current.status !== 'waiting')) return;
        const job = newJob(deps, run.contactId);
        checkExits(job, [current]);
        drainSignals(job);
      });
    }
    if (runs.length < PAGE) break;
  }
  return checked;
}
