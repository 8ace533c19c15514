/** "just now", "5 minutes ago", "3 days ago", or a date for anything older than a month. */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = Math.max(0, Math.round((now - t) / 1000));
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'} ago`;
  if (s < 45) return 'just now';
  if (s < 3600) return plural(Math.max(1, Math.round(s / 60)), 'minute');
  if (s < 86400) return plural(Math.round(s / 3600), 'hour');
  if (s < 30 * 86400) return plural(Math.round(s / 86400), 'day');
  return new Date(t).toLocaleDateString();
}
