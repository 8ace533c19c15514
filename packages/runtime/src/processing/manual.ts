import { clampScore, DEFAULT_SCORE_DEFINITION } from '@scoreflow/flow';
import type { LedgerEntry } from '@scoreflow/store';
import { type AfterCommit, newJob, type ProcessingDeps } from './job.js';
import { drainSignals } from './signals.js';

export class ManualChangeError extends Error {
  override name = 'ManualChangeError';
  constructor(
    readonly code: 'contact_not_found' | 'no_change',
    message: string,
  ) {
    super(message);
  }
}

/**
 * A person changes a score by hand: a ledger row names the person and the reason, the score's bounds
 * apply, and flows triggered by the change (score thresholds) run like for any other change.
 */
export function changeScoreManually(
  deps: ProcessingDeps,
  input: { contactId: string; score: string; value?: number; delta?: number; actor: string; note: string },
): { entry: LedgerEntry; afterCommit: AfterCommit } {
  const { store } = deps;
  return store.transaction(() => {
    if (!store.contacts.get(input.contactId)) {
      throw new ManualChangeError('contact_not_found', `Contact ${input.contactId} does not exist`);
    }
    const def = store.scoreDefinitions.get(input.score) ?? DEFAULT_SCORE_DEFINITION;
    const previous = store.scores.get(input.contactId, input.score) ?? 0;
    const value = clampScore(input.value ?? previous + (input.delta ?? 0), def);
    if (value === previous)
      throw new ManualChangeError('no_change', `${input.score} is already ${previous}; nothing to change`);
    store.scores.set(input.contactId, input.score, value);
    const entry = store.ledger.append({
      contactId: input.contactId,
      score: input.score,
      delta: value - previous,
      value,
      causeKind: 'manual',
      actor: input.actor,
      note: input.note,
    });
    const job = newJob(deps, input.contactId);
    job.signals.push({ kind: 'score', score: input.score, previous, value, depth: 0 });
    drainSignals(job);
    return { entry, afterCommit: job.afterCommit };
  });
}
