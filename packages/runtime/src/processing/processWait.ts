import { type AfterCommit, JobContext, type ProcessingDeps } from './context.js';
import { checkExits } from './exits.js';

export type WaitOutcome =
  | { status: 'resumed'; afterCommit: AfterCommit }
  /** Not due yet (a clock or queue that fired early): the caller delays the job until `dueAtMs`. */
  | { status: 'early'; dueAtMs: number }
  | { status: 'skipped'; reason: string };

/**
 * A wait's due time has come: resume the run on the wait's "elapsed" (control.wait) or "timeout"
 * (control.waitForEvent) branch. The due time is checked here, not trusted from the queue, so a wait
 * never fires early; the wait's status makes a second delivery of the job a no-op.
 */
export function processWait(deps: ProcessingDeps, waitId: string): Promise<WaitOutcome> {
  const { store } = deps;
  return store.transaction(async (): Promise<WaitOutcome> => {
    const wait = await store.waits.get(waitId);
    if (!wait) return { status: 'skipped', reason: 'no such wait' };
    if (wait.status !== 'pending') return { status: 'skipped', reason: `wait already ${wait.status}` };
    const now = deps.now();
    if (wait.dueAtMs > now) return { status: 'early', dueAtMs: wait.dueAtMs };

    const run = await store.runs.get(wait.runId);
    if (!run || (run.status !== 'waiting' && run.status !== 'running')) {
      await store.waits.cancel(waitId);
      return { status: 'skipped', reason: 'the run is no longer active' };
    }
    // The run names the contact, so the lock comes after the wait and the run are read. What they said
    // may have changed before it was taken, but only while the lock was held by someone else, and `fire`
    // fires a wait that is still pending only: whatever ended the run (an exit, a cancel, an event
    // resuming it) fired or cancelled its waits, so a wait fired here is the run's to resume.
    await store.contacts.lock(run.contactId);
    const doc = await deps.flows(run.flowId, run.flowVersion);
    if (!doc) return { status: 'skipped', reason: 'the flow version is gone' };
    if (!(await store.waits.fire(waitId, { atMs: now })))
      return { status: 'skipped', reason: 'wait no longer pending' };

    const job = new JobContext(deps, run.contactId);
    const afterCommit = await job.work(
      () =>
        job.executeRun(run, doc, {
          kind: 'resume',
          waitNodeId: wait.nodeId,
          outcome: wait.kind === 'delay' ? 'elapsed' : 'timeout',
        }),
      () => checkExits(job),
    );
    return { status: 'resumed', afterCommit };
  });
}
