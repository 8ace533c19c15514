import type { PropertyFilter, PropertyOp, ScalarValue } from './nodes/fields.js';

const UNITS: readonly [string, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

/** "1 day", "3 times": a count with its unit, plural when needed. */
export function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/** A duration in words for the canvas: 90061 -> "1 day 1 hour 1 minute 1 second", 259200 -> "3 days". */
export function formatDuration(seconds: number): string {
  let rest = Math.max(0, Math.round(seconds));
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(plural(count, unit));
  }
  return parts.length > 0 ? parts.join(' ') : '0 seconds';
}

/** A value as the canvas shows it: strings quoted so that "10" and 10 stay distinct. */
export function formatValue(value: ScalarValue | null): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

const OP_WORDS: Record<PropertyOp, string> = {
  eq: 'is',
  neq: 'is not',
  contains: 'contains',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  exists: 'exists',
};

/** "plan is \"pro\"", "utm_source exists". */
export function formatComparison(subject: string, op: PropertyOp, value: ScalarValue | undefined): string {
  if (op === 'exists' || value === undefined) return `${subject} ${OP_WORDS[op]}`;
  return `${subject} ${OP_WORDS[op]} ${formatValue(value)}`;
}

/** "url contains \"pricing\" and 2 more" */
export function formatFilters(filters: readonly PropertyFilter[]): string {
  const [first, ...others] = filters;
  if (first === undefined) return '';
  const head = formatComparison(first.property, first.op, first.value);
  return others.length === 0 ? head : `${head} and ${others.length} more`;
}
