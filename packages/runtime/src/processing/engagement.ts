import type { EngagementLevel } from '@scoreflow/flow';

/** Event types that count as engaging with marketing messages. */
export const ENGAGEMENT_EVENT_TYPES = ['email.opened', 'email.clicked'] as const;

export interface EngagementCounts {
  opens30: number;
  clicks30: number;
  opens90: number;
  clicks90: number;
}

/**
 * The five-step engagement level, from opens and clicks weighted by recency and frequency:
 *   points = opens in the last 30 days + 3 × clicks in the last 30 days
 *          + 0.5 × (opens 31–90 days ago) + 1.5 × (clicks 31–90 days ago)
 *   highly engaged ≥ 15 · engaged ≥ 6 · neutral ≥ 2 · at risk > 0 · not engaged = 0
 * A click weighs three opens because it is a deliberate act (opens are also inflated by mail privacy
 * proxies); the older window counts half so interest fades rather than dropping off a cliff.
 */
export function engagementLevel(c: EngagementCounts): { level: EngagementLevel; points: number } {
  const points = c.opens30 + 3 * c.clicks30 + 0.5 * (c.opens90 - c.opens30) + 1.5 * (c.clicks90 - c.clicks30);
  const level: EngagementLevel =
    points >= 15
      ? 'highly engaged'
      : points >= 6
        ? 'engaged'
        : points >= 2
          ? 'neutral'
          : points > 0
            ? 'at risk'
            : 'not engaged';
  return { level, points };
}

/** A contact's engagement level with the counts it was computed from, for the contact page. */
export async function engagementOf(
  /** Per type, events since each of two times (the second earlier): `events.countInWindows` of a contact. */
  countInWindows: (
    types: readonly [string, string],
    sinceMs: readonly [number, number],
  ) => Promise<[[number, number], [number, number]]>,
  now: number,
): Promise<{ level: EngagementLevel; points: number; counts: EngagementCounts }> {
  const DAY = 86_400_000;
  const [[opens30, opens90], [clicks30, clicks90]] = await countInWindows(ENGAGEMENT_EVENT_TYPES, [
    now - 30 * DAY,
    now - 90 * DAY,
  ]);
  const counts: EngagementCounts = { opens30, clicks30, opens90, clicks90 };
  return { ...engagementLevel(counts), counts };
}
