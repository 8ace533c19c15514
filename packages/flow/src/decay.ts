import type { DecayPolicy } from './scores.js';

const DAY_MS = 86_400_000;

/**
 * The arithmetic of score decay, shared by the runtime's sweep (which applies it to stored contacts)
 * and the dry run through time (which applies it to a made-up one), so both decay alike.
 */

/**
 * A score after one inactivity period of a `percent` policy: -P %, to the cent (scores show two
 * decimals at most; percent decay would otherwise leave long fractions).
 */
export function percentDecayed(previous: number, policy: Extract<DecayPolicy, { kind: 'percent' }>): number {
  return Math.round(previous * (1 - policy.percent / 100) * 100) / 100;
}

/** Full inactivity periods of a `percent` policy within `idleMs`. */
export function idlePeriods(idleMs: number, policy: Extract<DecayPolicy, { kind: 'percent' }>): number {
  return Math.floor(idleMs / (policy.periodDays * DAY_MS));
}

/** Whether a `reset` policy applies after `idleMs` without engagement. */
export function resetDue(idleMs: number, policy: Extract<DecayPolicy, { kind: 'reset' }>): boolean {
  return idleMs >= policy.days * DAY_MS;
}

/** When a gain earned at `earnedAt` expires under an `expire` policy (epoch ms). */
export function expiresAt(earnedAt: number, policy: Extract<DecayPolicy, { kind: 'expire' }>): number {
  return earnedAt + policy.days * DAY_MS;
}
