import type { FrequencyCapRule, FrequencyCaps } from '@scoreflow/flow';

/** One rule as its row edits it: the inputs' text, so a half-typed number stays as typed. */
export interface CapRow {
  /** Keeps each row's inputs (and their focus) in place when a row above is removed. */
  key: number;
  max: string;
  windowHours: string;
  category: string;
}

let nextKey = 1;

/** A new row, as "+ Add rule" offers it: at most 3 emails a week. */
export const newRow = (rule: Partial<FrequencyCapRule> = { max: 3, windowHours: 168 }): CapRow => ({
  key: nextKey++,
  max: rule.max === undefined ? '' : String(rule.max),
  windowHours: rule.windowHours === undefined ? '' : String(rule.windowHours),
  category: rule.category ?? '',
});

/** The rows of stored caps. */
export const rowsOf = (caps: FrequencyCaps): CapRow[] => caps.rules.map((r) => newRow(r));

/**
 * A number typed into a field; text that is no number is sent as typed, so the server names the field
 * it belongs to instead of the page guessing what was meant.
 */
function numberOf(text: string): number | string {
  const trimmed = text.trim();
  const n = Number(trimmed);
  return trimmed !== '' && Number.isFinite(n) ? n : trimmed;
}

/** The body the rows save as; an empty category means the rule limits every email. */
export function capsOf(rows: readonly CapRow[]): FrequencyCaps {
  return {
    rules: rows.map((r) => {
      const category = r.category.trim();
      // The server validates the types; a field typed wrong comes back with its pointer.
      const rule = { max: numberOf(r.max), windowHours: numberOf(r.windowHours) } as FrequencyCapRule;
      return category ? { ...rule, category } : rule;
    }),
  };
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** The window in words people count in ("1 week", "2 days", "30 minutes"), or null when hours say it best. */
export function windowInWords(hoursText: string): string | null {
  const hours = Number(hoursText);
  if (hoursText.trim() === '' || !Number.isFinite(hours) || hours <= 0) return null;
  if (hours % 168 === 0) return plural(hours / 168, 'week');
  if (hours % 24 === 0) return plural(hours / 24, 'day');
  if (hours < 1 && Number.isInteger(hours * 60)) return plural(hours * 60, 'minute');
  return null;
}
