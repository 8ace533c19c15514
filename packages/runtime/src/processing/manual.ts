import { CodedError } from '@scoreflow/flow';
import type { LedgerEntry } from '@scoreflow/store';
import { type AfterCommit, JobContext, type ProcessingDeps } from './context.js';

export type ManualChangeErrorCode = 'contact_not_found' | 'no_change';

/** Why a manual score change was refused. */
export class ManualChangeError extends CodedError<ManualChangeErrorCode> {}

/**
 * A person changes a score by hand: a ledger row names the person and the reason, the score's bounds
 * apply, and flows triggered by the change (score thresholds) run like for any other change.
 */
export function changeScoreManually(
  deps: ProcessingDeps,
  input: {
    contactId: string;
    score: string;
    value?: number | undefined;
    delta?: number | undefined;
    actor: string;
    note: string;
  },
): Promise<{ entry: LedgerEntry; afterCommit: AfterCommit }> {
  const { store } = deps;
  return store.transaction(async () => {
    // Before the contact is read: its scores change only under this lock until the commit.
    await store.contacts.lock(input.contactId);
    if (!(await store.contacts.get(input.contactId))) {
      throw new ManualChangeError('contact_not_found', `Contact ${input.contactId} does not exist`);
    }
    const request =
      input.value === undefined
        ? { score: input.score, delta: input.delta ?? 0 }
        : { score: input.score, value: input.value };
    let entry: LedgerEntry | undefined;
    const afterCommit = await new JobContext(deps, input.contactId).work(async (job) => {
      entry = (
        await job.changeScore(
          request,
          { causeKind: 'manual', actor: input.actor, note: input.note },
          { recordNow: true },
        )
      )?.entry;
    });
    if (!entry) {
      const current = (await store.scores.get(input.contactId, input.score)) ?? 0;
      throw new ManualChangeError('no_change', `${input.score} is already ${current}; nothing to change`);
    }
    return { entry, afterCommit };
  });
}
