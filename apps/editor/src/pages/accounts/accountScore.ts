import type { AccountAggregate } from '@scoreflow/flow';

/** How an aggregate reads after a score's name ("SCORE (highest)") and in the score form. */
export const AGGREGATE_WORDS: Record<AccountAggregate, string> = {
  sum: 'sum',
  max: 'highest',
  average: 'average',
};

/** A number of points as people read it: at most two decimals (averages divide), digits grouped. */
export const formatPoints = (n: number): string => n.toLocaleString(undefined, { maximumFractionDigits: 2 });

/** How the account's score is computed, in words: "Sum of its 3 contacts' SCORE". */
export function howComputed(aggregate: AccountAggregate, contacts: number, score: string): string {
  const word = AGGREGATE_WORDS[aggregate];
  const whose = contacts === 1 ? "its 1 contact's" : `its ${formatCount(contacts)} contacts'`;
  return `${word[0]?.toUpperCase()}${word.slice(1)} of ${whose} ${score}`;
}

const formatCount = (n: number) => n.toLocaleString();

/**
 * The part of the account's score a member's contribution makes, as a percentage ("25 %"); null
 * when the account's score is 0, where no share means anything. One decimal when it is not whole,
 * so three equal members read 33.3 % rather than a long fraction.
 */
export function formatShare(contribution: number, accountScore: number): string | null {
  if (accountScore === 0 || !Number.isFinite(contribution) || !Number.isFinite(accountScore)) return null;
  const percent = Math.round((contribution / accountScore) * 1000) / 10;
  return `${percent.toLocaleString(undefined, { maximumFractionDigits: 1 })} %`;
}
