import { AB_TEST_HANDLES, LocalTime, WEEKDAY_NAMES } from '@scoreflow/flow';
import { z } from 'zod';

/** The part of JSON Schema that zod's export produces for node configs and the form understands. */
export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  format?: string;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
};

/** How a field is edited. */
export type FieldKind =
  | { kind: 'enum'; options: string[] }
  | { kind: 'boolean' }
  | { kind: 'number'; integer: boolean; min?: number; max?: number }
  | { kind: 'duration' }
  | { kind: 'string' }
  | { kind: 'time' }
  | { kind: 'choices'; options: string[] }
  | { kind: 'scalar'; nullable: boolean }
  | { kind: 'rows'; item: JsonSchema; max?: number }
  | { kind: 'unsupported' };

/** The pattern of a time of day ("09:30") as the catalog's JSON Schema writes it. */
const TIME_PATTERN = (z.toJSONSchema(LocalTime) as JsonSchema).pattern;

/** The leaves of nested anyOf/oneOf (zod nests them for `union(...).nullable()`). */
function alternatives(schema: JsonSchema): JsonSchema[] {
  const alts = schema.anyOf ?? schema.oneOf;
  return alts ? alts.flatMap(alternatives) : [schema];
}

/** Picks the editor for a property from its schema (and, for durations, its name). */
export function fieldKind(name: string, schema: JsonSchema): FieldKind {
  if (schema.enum) return { kind: 'enum', options: schema.enum.map(String) };
  if (schema.anyOf ?? schema.oneOf) {
    const types = new Set(alternatives(schema).map((a) => a.type));
    const scalar = [...types].every(
      (t) => t === 'string' || t === 'number' || t === 'boolean' || t === 'null',
    );
    return scalar ? { kind: 'scalar', nullable: types.has('null') } : { kind: 'unsupported' };
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'boolean':
      return { kind: 'boolean' };
    case 'integer':
    case 'number':
      // Durations are stored in seconds; people think in minutes, hours and days.
      if (/seconds$/i.test(name)) return { kind: 'duration' };
      return {
        kind: 'number',
        integer: type === 'integer',
        ...(schema.minimum !== undefined ? { min: schema.minimum } : {}),
        ...(schema.maximum !== undefined ? { max: schema.maximum } : {}),
      };
    case 'string':
      return TIME_PATTERN !== undefined && schema.pattern === TIME_PATTERN
        ? { kind: 'time' }
        : { kind: 'string' };
    case 'array':
      // Several of a fixed set of values (the weekdays): one checkbox per value.
      if (schema.items?.enum) return { kind: 'choices', options: schema.items.enum.map(String) };
      if (schema.items?.type !== 'object') return { kind: 'unsupported' };
      return {
        kind: 'rows',
        item: schema.items,
        ...(schema.maxItems !== undefined ? { max: schema.maxItems } : {}),
      };
    default:
      return { kind: 'unsupported' };
  }
}

/** Labels a marketer understands for the catalog's field names. */
const LABELS: Record<string, string> = {
  op: 'Comparison',
  delta: 'Points to add (negative subtracts)',
  floor: 'Never below',
  cap: 'Never above',
  seconds: 'Wait for',
  timeoutSeconds: 'Give up after',
  template: 'Email template',
  where: 'Only when',
  withinDays: 'Within the last (days)',
  min: 'At least (times)',
  percent: 'Share sent to "yes" (%)',
  holdout: 'Held out (%)',
  atLeast: 'At least',
  url: 'URL',
  category: 'Category',
  whenCapped: 'When a frequency cap holds it back',
  sendWindow: 'Send window',
  days: 'On which days',
  time: 'At (time of day)',
  attribute: 'Date attribute',
  offsetDays: 'Days before (−) or after (+) the date',
};

/**
 * Labels for a field inside rows, by the rows' name and the field's ("variants.percent"): the same
 * field name can mean something else there than at the top of another step's config.
 */
const ROW_FIELD_LABELS: Record<string, string> = {
  'variants.percent': 'Share (%)',
};

/** The label of the field at `path` ("variants.0.percent"): a row field's own label first. */
export function fieldLabel(path: string): string {
  const parts = path.split('.').filter((p) => !/^\d+$/.test(p));
  const name = parts[parts.length - 1] ?? path;
  return ROW_FIELD_LABELS[parts.slice(-2).join('.')] ?? humanize(name);
}

/** What the rows of a list field are called: the add button's words, the rows in the plural, each row's title. */
export type RowNames = { add: string; plural: string; title?: (index: number) => string };

const ROW_NAMES: Record<string, RowNames> = {
  where: { add: '+ Add filter', plural: 'filters' },
  variants: {
    add: '+ Add variant',
    plural: 'variants',
    title: (i) => `Variant ${AB_TEST_HANDLES[i] ?? i + 1}`,
  },
};

/** How the rows of the list field `name` are worded ("+ Add variant"). */
export function rowNames(name: string): RowNames {
  return ROW_NAMES[name] ?? { add: '+ Add row', plural: 'rows' };
}

/** A field's label: from the table above, else the name split into words ("withinDays" -> "Within days"). */
export function humanize(name: string): string {
  const known = LABELS[name];
  if (known) return known;
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Shorter labels where the form's own label explains more than a one-line review needs. */
const SHORT_LABELS: Record<string, string> = {
  delta: 'Points',
  withinDays: 'Within days',
  offsetDays: 'Days from the date',
  time: 'Time',
  percent: 'Share sent to "yes"',
};

/** A field's label for one-line summaries ("Points 10 → 15"): the form label without its parenthesis. */
export function shortLabel(name: string): string {
  return SHORT_LABELS[name] ?? humanize(name).replace(/\s*\([^)]*\)$/, '');
}

/** Words for enum values that are symbols or codes; anything else is shown as it is. */
export const OPTION_LABELS: Record<string, string> = {
  '>': 'is greater than (>)',
  '>=': 'is at least (>=)',
  '<': 'is less than (<)',
  '<=': 'is at most (<=)',
  '==': 'equals (==)',
  '!=': 'does not equal (!=)',
  eq: 'is',
  neq: 'is not',
  gt: 'is greater than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  exists: 'is set',
  up: 'rises to it or above',
  down: 'falls below it',
  postpone: 'Send it once the cap allows',
  skip: 'Skip it; the flow goes on',
  flow: "Keep to the flow's send window",
  anytime: 'Any time (e.g. receipts)',
  own: "This step's own window (below)",
  ...WEEKDAY_NAMES,
};

/** What an optional choice means when left empty, shown as chosen rather than as "Choose…". */
export const DEFAULT_OPTIONS: Record<string, string> = {
  whenCapped: 'postpone',
  sendWindow: 'flow',
};

/** Which name list a field's suggestions come from, if any. */
export function suggestionKind(
  name: string,
): 'scores' | 'tags' | 'lists' | 'templates' | 'events' | 'categories' | 'models' | null {
  if (name === 'score') return 'scores';
  if (name === 'tag') return 'tags';
  if (name === 'list') return 'lists';
  if (name === 'template') return 'templates';
  if (name === 'event') return 'events';
  if (name === 'category') return 'categories';
  if (name === 'model') return 'models';
  return null;
}
