/** A share of 0..1 as a percentage with one decimal ("8.3%"); "—" when there is none to show. */
export function formatRate(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** A difference in percentage points, signed ("+2.5 pts", "−1.0 pts", "0.0 pts"); "—" when none. */
export function formatPoints(points: number | null | undefined): string {
  if (points === null || points === undefined) return '—';
  const text = Math.abs(points).toFixed(1);
  // A difference that rounds to zero reads as none, whichever side of zero it was.
  if (text === '0.0') return '0.0 pts';
  return `${points > 0 ? '+' : '−'}${text} pts`;
}

/** A configured share in percent as it was typed ("45%", "33.3%"); "—" when not known. */
export function formatShare(percent: number | null | undefined): string {
  return percent === null || percent === undefined ? '—' : `${Number(percent.toFixed(2))}%`;
}
