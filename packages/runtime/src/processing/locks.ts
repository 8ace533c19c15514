import type { RunRecord, Store } from '@scoreflow/store';

/**
 * Locks the contact for the rest of the transaction; false when it is gone by then. A merge holds the
 * locks of both its contacts and deletes the one merged away, so a contact found before its lock was
 * taken may have been merged into another while the lock was waited for (PostgreSQL). Nothing is read
 * for a contact this transaction created, which no one else sees before the commit, nor on SQLite,
 * whose write transactions take turns: what this one found is still there.
 */
export async function lockContact(store: Store, contactId: string, createdHere: boolean): Promise<boolean> {
  await store.contacts.lock(contactId);
  return createdHere || store.dialect === 'sqlite' || (await store.contacts.get(contactId)) !== undefined;
}

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
