import type { ReentryPolicy } from '@scoreflow/flow';

/** What the re-entry decision needs to know about the contact's earlier runs of the same flow. */
export interface PreviousRuns {
  /** Any run at all, ever. */
  any: boolean;
  /** A run that is still running or waiting. */
  active: boolean;
  /** When the latest run started (epoch ms), if any. */
  lastStartedAt: number | undefined;
}

/** What {@link decideReentry} is given for a policy that does not look at earlier runs. */
export const UNREAD_PREVIOUS_RUNS: PreviousRuns = { any: false, active: false, lastStartedAt: undefined };

/**
 * Whether {@link decideReentry} looks at the earlier runs under `policy`: "always" does not, so the
 * caller need not read them (a query per flow per event saved for most lead-scoring flows).
 */
export const readsPreviousRuns = (policy: ReentryPolicy): boolean => policy.mode !== 'always';

export type ReentryDecision = { enter: true } | { enter: false; reason: string };

/**
 * Whether a contact may start a new run of a flow. Called inside the worker's transaction, so two
 * events for the same contact processed at the same time see each other's runs.
 */
export function decideReentry(policy: ReentryPolicy, previous: PreviousRuns, now: number): ReentryDecision {
  switch (policy.mode) {
    case 'always':
      return { enter: true };
    case 'once':
      return previous.any
        ? { enter: false, reason: 'the flow lets a contact in only once' }
        : { enter: true };
    case 'afterExit':
      return previous.active
        ? {
            enter: false,
            reason: 'the contact is still in this flow (re-entry only after the previous run ended)',
          }
        : { enter: true };
    case 'cooldown': {
      if (previous.lastStartedAt === undefined) return { enter: true };
      const readyAt = previous.lastStartedAt + policy.seconds * 1000;
      return now >= readyAt
        ? { enter: true }
        : { enter: false, reason: `cooldown of ${policy.seconds} s since the previous entry has not passed` };
    }
  }
}
