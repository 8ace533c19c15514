import type { z } from 'zod';

/**
 * What to ask for when a field is empty, by the field's key. Keys are shared across node types
 * (every `score` is a score name), so one table words every config form and the server's 422 alike.
 */
const ASK: Readonly<Record<string, string>> = {
  score: 'Choose a score',
  event: 'Enter the event name',
  tag: 'Enter a tag',
  list: 'Enter a list name',
  attribute: 'Enter an attribute name',
  property: 'Enter the event property',
  template: 'Choose an email template',
  band: 'Enter a band name',
  to: 'Enter an email address',
  message: 'Enter a message',
  reason: 'Enter a reason',
  url: 'Enter a web address',
  value: 'Enter a value',
  op: 'Choose a comparison',
  direction: 'Choose a direction',
  atLeast: 'Choose a level',
  mode: 'Choose an option',
  kind: 'Choose an option',
  name: 'Enter a name',
};

/** Number fields whose number means something more specific than "a number". */
const ASK_NUMBER: Readonly<Record<string, string>> = {
  seconds: 'Enter a duration',
  timeoutSeconds: 'Enter a duration',
  days: 'Enter a number of days',
  withinDays: 'Enter a number of days',
  limitDays: 'Enter a number of days',
};

type Issue = z.core.$ZodRawIssue;

function fieldKey(issue: Issue): string | undefined {
  const path = issue.path ?? [];
  for (let i = path.length - 1; i >= 0; i--) {
    const key = path[i];
    if (typeof key === 'string') return key;
  }
  return undefined;
}

function askFor(issue: Issue, fallback: string, table: Readonly<Record<string, string>> = ASK): string {
  const key = fieldKey(issue);
  return (key !== undefined ? table[key] : undefined) ?? fallback;
}

function tooSmall(issue: Issue & { code: 'too_small' }): string {
  const min = Number(issue.minimum);
  if (issue.origin === 'string')
    return min <= 1 ? askFor(issue, 'Fill in this field') : `Enter at least ${min} characters`;
  if (issue.origin === 'array' || issue.origin === 'set')
    return min <= 1 ? 'Add at least one' : `Add at least ${min}`;
  if (!issue.inclusive) return min === 0 ? 'Enter a number above 0' : `Enter a number above ${min}`;
  return `Enter ${min} or more`;
}

function tooBig(issue: Issue & { code: 'too_big' }): string {
  const max = Number(issue.maximum);
  if (issue.origin === 'string') return `Keep it to ${max} characters or fewer`;
  if (issue.origin === 'array' || issue.origin === 'set') return `Use at most ${max}`;
  return issue.inclusive ? `Enter ${max} or less` : `Enter a number below ${max}`;
}

function wrongType(issue: Issue & { code: 'invalid_type' }): string {
  const missing = issue.input === undefined || issue.input === null || issue.input === '';
  switch (issue.expected) {
    case 'number':
      return askFor(issue, 'Enter a number', ASK_NUMBER);
    case 'int':
      return 'Enter a whole number';
    case 'boolean':
      return 'Choose yes or no';
    case 'string':
      return missing ? askFor(issue, 'Fill in this field') : 'Enter text';
    case 'array':
    case 'object':
      return missing ? askFor(issue, 'Fill in this field') : 'This setting has the wrong shape';
    default:
      return askFor(issue, 'Fill in this field');
  }
}

/**
 * A zod error map in plain words: "Choose a score" rather than "Invalid input: expected string,
 * received undefined". Messages written on a schema itself win over it; anything it does not word
 * falls through to zod's own message.
 */
export function plainError(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return wrongType(issue);
    case 'too_small':
      return tooSmall(issue);
    case 'too_big':
      return tooBig(issue);
    case 'invalid_value':
      return askFor(issue, 'Choose one of the options');
    case 'invalid_union':
      return askFor(issue, 'Enter a value');
    case 'invalid_format':
      if (issue.format === 'email') return 'Enter an email address, like name@example.com';
      if (issue.format === 'url') return 'Enter a web address starting with https://';
      // The only patterns in node configs are "not blank": spaces alone are as good as nothing.
      if (issue.format === 'regex') return askFor(issue, 'Enter more than spaces');
      return 'Check the format of this field';
    case 'unrecognized_keys': {
      const keys = issue.keys.map((k) => `"${k}"`).join(', ');
      return issue.keys.length === 1
        ? `Remove the unknown setting ${keys}`
        : `Remove the unknown settings ${keys}`;
    }
    case 'not_multiple_of':
      return `Enter a multiple of ${String(issue.divisor)}`;
    default:
      return undefined;
  }
}

/** The problems of one value against a schema, worded for people, with their paths. */
export function plainIssues<T>(schema: z.ZodType<T>, value: unknown): z.core.$ZodIssue[] {
  const parsed = schema.safeParse(value, { error: plainError });
  return parsed.success ? [] : parsed.error.issues;
}
