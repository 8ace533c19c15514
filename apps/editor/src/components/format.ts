/** A timestamp as the reader's local date and time, to the second (support compares close events). */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t).toLocaleString();
}

/** How long something took: "120 ms", "3.2 s", "4 min". */
export function formatDuration(fromIso: string, toIso: string): string {
  const ms = Date.parse(toIso) - Date.parse(fromIso);
  if (Number.isNaN(ms) || ms < 0) return '';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

/** A signed number: "+10", "−2", "0". */
export function signed(n: number): string {
  if (n > 0) return `+${n}`;
  if (n < 0) return `−${Math.abs(n)}`;
  return '0';
}

/** The first characters of a long id, enough to tell runs apart in a table. */
export const shortId = (id: string) => (id.length > 10 ? `${id.slice(0, 8)}…` : id);

/**
 * Any value as indented JSON text. Rendered through React as text, never as HTML, so event
 * properties and error messages from outside cannot inject markup.
 */
export function jsonText(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A count as people read it, with the reader's digit grouping ("12,345"). */
export const formatCount = (n: number): string => n.toLocaleString();
