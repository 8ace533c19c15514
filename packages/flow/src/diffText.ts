import type { ValueChange } from './diff.js';
import { formatDuration, plural } from './format.js';

/** Past this many characters a value is cut: a review line must stay one line. */
const MAX_TEXT = 40;

const cut = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1).trimEnd()}…` : text);

function scalarText(value: string | number | boolean | null): string {
  if (value === null) return 'none';
  // Quoted so that "10" and 10 stay distinct, and an empty string still shows.
  if (typeof value === 'string') return JSON.stringify(cut(value));
  return String(value);
}

const isScalar = (v: unknown): v is string | number | boolean | null =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * A config or settings value in a few words for the publish review: strings quoted and cut, numbers
 * of seconds as durations, a flat object as its entries (`mode "cooldown", seconds 3600`), anything
 * bigger by its size.
 */
export function valueText(value: unknown, key = ''): string {
  if (value === undefined) return 'not set';
  if (typeof value === 'number' && /seconds$/i.test(key)) return formatDuration(value);
  if (isScalar(value)) return scalarText(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return 'none';
    if (value.every(isScalar)) {
      const text = value.map(scalarText).join(', ');
      if (text.length <= MAX_TEXT) return text;
    }
    return plural(value.length, 'item');
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return 'empty';
    if (entries.every(([, v]) => isScalar(v))) {
      const text = entries.map(([k, v]) => `${k} ${valueText(v, k)}`).join(', ');
      if (text.length <= MAX_TEXT + 10) return text;
    }
    return plural(entries.length, 'field');
  }
  return String(value);
}

/** `Points 10 → 15`: a changed value under the label the reader knows it by. */
export function changeText(label: string, change: ValueChange): string {
  return `${label} ${valueText(change.before, change.key)} → ${valueText(change.after, change.key)}`;
}
