import { z } from 'zod';
import { Name } from './nodes/fields.js';

const HOUR_MS = 3_600_000;

/**
 * At most `max` emails per contact within any `windowHours`, across every flow; with a `category`,
 * counting and limiting only the emails of Send email steps of that category.
 */
export const FrequencyCapRule = z.strictObject({
  max: z
    .number()
    .int({ error: 'Enter a whole number of emails' })
    .min(1, { error: 'At least 1 email' })
    .max(1000, { error: 'At most 1,000 emails' })
    .describe('Most emails a contact gets in the window'),
  windowHours: z
    .number()
    .positive({ error: 'Enter a number of hours above 0' })
    .max(24 * 366, { error: 'At most a year (8,784 hours)' })
    .describe('The rolling window, in hours (168 = a week)'),
  category: Name.optional().describe('Only emails of this category; every email when empty'),
});
export type FrequencyCapRule = z.infer<typeof FrequencyCapRule>;

/** The key the workspace's settings keep the caps under. */
export const FREQUENCY_CAPS_SETTING = 'frequencyCaps';

/** The workspace's frequency caps: every rule that applies to an email must let it through. */
export const FrequencyCaps = z.strictObject({ rules: z.array(FrequencyCapRule).max(20) });
export type FrequencyCaps = z.infer<typeof FrequencyCaps>;

/** Emails to one contact within a window, as the store counts them. */
export interface SentInWindow {
  count: number;
  /** When the earliest of them was queued (epoch ms); null when there is none. */
  oldestAt: number | null;
}

/** Why an email may not go now, and from when a place frees up in the window that holds it back. */
export interface CapVerdict {
  rule: FrequencyCapRule;
  /** Emails the rule counted in its window, this one not included. */
  count: number;
  /** The earliest moment this email fits that rule's window again (epoch ms). */
  freeAt: number;
  /** "3 emails in the last 168 hours (cap: 3 per 168 hours)" */
  reason: string;
}

/** Whether a rule limits emails of `category` (a rule without a category limits every email). */
export function capApplies(rule: FrequencyCapRule, category: string | undefined): boolean {
  return rule.category === undefined || rule.category === category;
}

const hours = (n: number) => `${n} hour${n === 1 ? '' : 's'}`;

/**
 * The first rule that holds an email of `category` back at `now`, or undefined when every rule lets
 * it through. `sent` answers, per rule, the emails already counted in its window.
 */
export function checkCaps(
  rules: readonly FrequencyCapRule[],
  category: string | undefined,
  now: number,
  sent: (rule: FrequencyCapRule, sinceMs: number) => SentInWindow,
): CapVerdict | undefined {
  for (const rule of rules) {
    if (!capApplies(rule, category)) continue;
    const windowMs = rule.windowHours * HOUR_MS;
    const { count, oldestAt } = sent(rule, now - windowMs);
    if (count < rule.max) continue;
    const noun = count === 1 ? 'email' : 'emails';
    const scope = rule.category === undefined ? noun : `${rule.category} ${noun}`;
    return {
      rule,
      count,
      // The oldest leaves the window then; with `count` above `max` (the cap was lowered) later ones
      // must leave too, so this is the first moment worth trying again, not a promise.
      freeAt: Math.max(now + 1000, (oldestAt ?? now) + windowMs),
      reason: `${count} ${scope} in the last ${hours(rule.windowHours)} (cap: ${rule.max} per ${hours(rule.windowHours)})`,
    };
  }
  return undefined;
}
