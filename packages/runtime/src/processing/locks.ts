import type { RunRecord, Store } from '@scoreflow/store';

/**
 * Reads a run and locks its contact for the rest of the transaction, so what is done to the run takes
 * its turn with the contact's events, waits and actions. The run names the contact, so the lock comes
 * after a read; on PostgreSQL the run is read again once the lock is held, and what committed meanwhile
 * (another action, a wait, a merge that moved the run to another contact) is seen. SQLite's write
 * transactions take turns already, so there the first read stands. `contactId`, when the caller knows
 * whose the run was, is locked before the first read, which then usually confirms it.
 */
export async function lockRun(
  store: Store,
  runId: string,
  contactId?: string,
): Promise<RunRecord | undefined> {
  let locked = contactId;
  if (locked !== undefined) await store.contacts.lock(locked);
  for (;;) {
    const run = await store.runs.get(runId);
    if (!run || run.contactId === locked) return run;
    await store.contacts.lock(run.contactId);
    if (store.dialect === 'sqlite') return run;
    locked = run.contactId;
  }
}
