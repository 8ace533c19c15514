import type { PropertyOp, ScalarValue } from '@scoreflow/flow';

// Names come from users: "constructor" or "__proto__" are legal score, tag or attribute names, so
// every read checks own properties and every write defines one, never touching the prototype chain.

/** The own property `key` of `record`, or undefined. */
export function readOwn(record: object, key: string): unknown {
  return Object.hasOwn(record, key) ? (record as Record<string, unknown>)[key] : undefined;
}

/** Sets the own property `key`, even for keys such as "__proto__". */
export function writeOwn(record: object, key: string, value: unknown): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A score by name; missing or corrupt (non-finite) scores count as 0. */
export function readScore(scores: Record<string, number>, name: string): number {
  const value = readOwn(scores, name);
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/**
 * A value by dotted path ('utm.source'). An exact key wins over the path, so a flat property
 * named "utm.source" is found too.
 */
export function readPath(record: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(record, path)) return record[path];
  let current: unknown = record;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = readOwn(current, part);
  }
  return current;
}

/** Null and undefined both mean "not set". */
export function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * Compares an attribute or event property with a configured value. Type mismatches are false,
 * never an error: "gt 5" on a string is simply not greater. `neq` is the negation of `eq`, so a
 * contact without a plan is "plan is not pro".
 */
export function compareValue(actual: unknown, op: PropertyOp, expected: ScalarValue | undefined): boolean {
  switch (op) {
    case 'exists':
      return isPresent(actual);
    case 'eq':
      return expected !== undefined && actual === expected;
    case 'neq':
      return !(expected !== undefined && actual === expected);
    case 'contains':
      if (typeof actual === 'string') return typeof expected === 'string' && actual.includes(expected);
      if (Array.isArray(actual)) return expected !== undefined && actual.includes(expected);
      return false;
    case 'gt':
      return isNumber(actual) && isNumber(expected) && actual > expected;
    case 'gte':
      return isNumber(actual) && isNumber(expected) && actual >= expected;
    case 'lt':
      return isNumber(actual) && isNumber(expected) && actual < expected;
    case 'lte':
      return isNumber(actual) && isNumber(expected) && actual <= expected;
  }
}
