import type { Store } from '@scoreflow/store';

const DAY_MS = 86_400_000;

/** Event types read by the action score; documented in the README. */
export const PURCHASE_EVENTS = ['purchase', 'order.completed'] as const;
export const VISIT_EVENTS = ['page.viewed'] as const;
/** An opt-in is an act of the contact (an import is not). */
export const OPT_IN_EVENTS = ['subscribed', 'optin.confirmed'] as const;
const AMOUNT_PROPERTY = 'amount';
const SOCIAL_PREFIX = 'social.';

/** The four parts of the action score, each a percentage from 1 to 100. */
export interface ActionScoreParts {
  recency: number;
  frequency: number;
  monetary: number;
  social: number;
}

/** Each part has a floor of 1 %, so a contact with no engagement at all shows 1, never 0. */
const pct = (n: number) => Math.min(100, Math.max(1, Math.round(n)));

/**
 * The 0–100 action score: 25 points per part, weighted by its percentage, rounded half up.
 * The worked example of docs/scoring.md: social 100 %, monetary 1 %, recency 77 %, frequency 1 % → 44.75 → 45.
 */
export function actionScore(parts: ActionScoreParts): {
  score: number;
  exact: number;
  parts: ActionScoreParts;
} {
  // Whole cents first, so 44.75 does not become 44.749999 before rounding.
  const exact =
    Math.round(((25 * (parts.recency + parts.frequency + parts.monetary + parts.social)) / 100) * 100) / 100;
  return { score: Math.floor(exact + 0.5), exact, parts };
}

/**
 * How many social profiles the `social_profiles` attribute names: a list (one per entry) or a count.
 * A count may be text, as CSV imports stored every cell before they typed numbers; anything else, and
 * a negative or fractional count, is read as no profiles or the whole profiles below it.
 */
export function socialProfileCount(profiles: unknown): number {
  if (Array.isArray(profiles)) return profiles.length;
  const count =
    typeof profiles === 'number'
      ? profiles
      : typeof profiles === 'string'
        ? Number(profiles.trim() || Number.NaN)
        : 0;
  return Number.isFinite(count) ? Math.max(0, Math.floor(count)) : 0;
}

/**
 * The parts as computed from a contact's events and attributes:
 * - recency: how recently the contact opted in (`subscribed`, `optin.confirmed`), purchased or viewed a
 *   page: 100 % today, falling linearly to 1 % at a year; 1 % when it never did;
 * - frequency: how often the contact came back: distinct days with any event in the last 90 days,
 *   not counting the day of its first event (the opt-in that made it a contact is no return); 30 such
 *   days or more is 100 %, none is the 1 % floor;
 * - monetary: the share of purchasing contacts whose purchase total (`properties.amount` of purchase
 *   events) is at most this contact's; 1 % without purchases;
 * - social: 25 % per social profile (attribute `social_profiles`: a list or a count, see
 *   {@link socialProfileCount}) plus 10 % per
 *   `social.*` event in the last 90 days.
 */
export async function computeActionScoreParts(
  store: Store,
  contactId: string,
  now: number,
): Promise<ActionScoreParts> {
  const contact = await store.contacts.get(contactId);
  if (!contact) throw new Error(`contact ${contactId} does not exist`);
  const lastAct = await store.events.lastOccurredAt(contactId, [
    ...OPT_IN_EVENTS,
    ...PURCHASE_EVENTS,
    ...VISIT_EVENTS,
  ]);
  const recency = lastAct === undefined ? 1 : pct(100 * (1 - (now - lastAct) / DAY_MS / 365));

  const frequency = pct((100 * (await store.events.returnDays(contactId, now - 90 * DAY_MS))) / 30);

  const total = await store.events.sumProperty(contactId, PURCHASE_EVENTS, AMOUNT_PROPERTY);
  const monetary =
    total > 0 ? pct(100 * (await store.events.rankOfSum(PURCHASE_EVENTS, AMOUNT_PROPERTY, total))) : 1;

  const profileCount = socialProfileCount(contact.attributes.social_profiles);
  const socialEvents = (await store.events.listForContact(contactId, { limit: 1_000 })).filter(
    (e) => e.type.startsWith(SOCIAL_PREFIX) && Date.parse(e.occurredAt) >= now - 90 * DAY_MS,
  ).length;
  const social = pct(25 * profileCount + 10 * socialEvents);

  return { recency, frequency, monetary, social };
}
