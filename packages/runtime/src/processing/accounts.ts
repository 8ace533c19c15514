import { aggregateAccountScore } from '@scoreflow/flow';
import type { JobContext } from './context.js';
import type { Signal } from './signals.js';

/**
 * Signals how the contact's account score moved with a change of the contact's own score, for
 * `trigger.accountThreshold`. Only when a published flow listens to that score's account: the
 * account's other contacts are read, under the account's lock, so two of them gaining points at once
 * take turns and the crossing their changes make together is seen by the second.
 */
export async function noteAccountScore(
  job: JobContext,
  change: Extract<Signal, { kind: 'score' }>,
): Promise<void> {
  const { score } = change;
  if ((await job.catalog()).find('trigger.accountThreshold', score).length === 0) return;
  const { accounts } = job.deps.store;
  const account = await accounts.keyOf(job.contactId);
  if (account === undefined) return;
  await accounts.lock(account);
  const others = await accounts.otherValues(account, score, job.contactId);
  const aggregate = (await job.definitions.get(score))?.account ?? 'sum';
  const previous = aggregateAccountScore([...others, change.previous], aggregate);
  const value = aggregateAccountScore([...others, change.value], aggregate);
  if (previous !== value) job.emit({ kind: 'account', score, account, previous, value });
}
