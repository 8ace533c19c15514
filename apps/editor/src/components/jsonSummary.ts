import { jsonText } from './format.js';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const scalar = (v: unknown): string => (v === null ? 'none' : typeof v === 'string' ? v : jsonText(v));

/**
 * A JSON value as "key: value" rows a person can read: nested objects flatten into dotted keys
 * (`properties.url`), a list of plain values joins into one row, and a list of objects numbers its
 * entries (`items.1.sku`). Text stays text; nothing is rendered as markup.
 */
export function summaryRows(value: unknown, prefix = ''): [string, string][] {
  if (Array.isArray(value)) {
    if (value.every((v) => !isRecord(v) && !Array.isArray(v))) {
      return [[prefix || 'value', value.length === 0 ? 'none' : value.map(scalar).join(', ')]];
    }
    return value.flatMap((v, i) => summaryRows(v, prefix ? `${prefix}.${i + 1}` : String(i + 1)));
  }
  if (isRecord(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return prefix ? [[prefix, 'none']] : [];
    return entries.flatMap(([k, v]) => summaryRows(v, prefix ? `${prefix}.${k}` : k));
  }
  return [[prefix || 'value', scalar(value)]];
}
