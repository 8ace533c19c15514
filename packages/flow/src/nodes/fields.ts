import { z } from 'zod';
import { LocalTime, type SendWindow, Weekday } from '../localTime.js';
import { plainError } from '../validation/messages.js';

/** The score every contact has unless a flow names another. */
export const DEFAULT_SCORE = 'SCORE';

const notBlank = /\S/;
/**
 * Spaces alone are as good as nothing: worded by the field ("Enter the event name") wherever the
 * schema is used, also outside validation (the scores API), hence on the schema, not the parse.
 */
const notBlankError = {
  error: (issue: z.core.$ZodRawIssue) => plainError(issue) ?? 'Enter more than spaces',
};

/** A user-given name (score, tag, list, attribute, event type, template): 1..100 chars, not blank. */
export const Name = z.string().min(1, { abort: true }).max(100).regex(notBlank, notBlankError);

export const ScoreName = Name.describe('Score name');
export const TagName = Name.describe('Tag name');
export const ListName = Name.describe('List name');
export const AttributeName = Name.describe('Contact attribute name');
export const EventType = Name.describe('Event type, e.g. email.clicked');

/** A free text shown to people (messages, reasons). */
export const Text = (max: number) => z.string().min(1, { abort: true }).max(max).regex(notBlank);

/** A literal value compared with or stored in a contact attribute or event property. */
export const ScalarValue = z.union([z.string().max(1000), z.number(), z.boolean()]);
export type ScalarValue = z.infer<typeof ScalarValue>;

/** Comparison of a score with a number. */
export const ScoreOp = z.enum(['>', '>=', '<', '<=', '==', '!=']);
export type ScoreOp = z.infer<typeof ScoreOp>;

/** Comparison of an attribute or event property with a value; `exists` takes no value. */
export const PropertyOp = z.enum(['eq', 'neq', 'contains', 'gt', 'gte', 'lt', 'lte', 'exists']);
export type PropertyOp = z.infer<typeof PropertyOp>;

/** Longest wait a flow may hold a contact: five years. */
export const MAX_WAIT_SECONDS = 5 * 365 * 24 * 3600;

export const DurationSeconds = z.number().int().positive().max(MAX_WAIT_SECONDS);

/**
 * Requires `value` unless the operator is `exists`, pointing the issue at `value` so the editor
 * marks the right field.
 */
export function requireValueUnlessExists(
  config: { op: PropertyOp; value?: ScalarValue | undefined },
  ctx: z.RefinementCtx,
): void {
  if (config.op !== 'exists' && config.value === undefined) {
    ctx.addIssue({ code: 'custom', message: 'Enter a value to compare with', path: ['value'] });
  }
}

/** A filter on an event property, as used by trigger.event `where`. */
export const PropertyFilter = z
  .strictObject({ property: Name.describe('Event property'), op: PropertyOp, value: ScalarValue.optional() })
  .superRefine(requireValueUnlessExists);
export type PropertyFilter = z.infer<typeof PropertyFilter>;

/**
 * Whether a Send email or Webhook step keeps to its flow's send window (the default), goes at any
 * time (a receipt, a password reset: messages the contact is waiting for), or keeps to a window of
 * its own (`windowDays`, `windowFrom`, `windowTo`).
 */
export const SendWindowChoice = z
  .enum(['flow', 'anytime', 'own'])
  .optional()
  .describe("Keep to the flow's send window (default), go at any time, or keep to this step's own window");

/** A step's own send window, used when its `sendWindow` is "own". */
export const StepWindowFields = {
  windowDays: z
    .array(Weekday)
    .min(1, { error: 'Choose at least one day' })
    .optional()
    .describe("Days of this step's own window"),
  windowFrom: LocalTime.optional().describe("When this step's own window opens"),
  windowTo: LocalTime.optional().describe("When this step's own window closes"),
};

type StepWindowConfig = {
  sendWindow?: 'flow' | 'anytime' | 'own' | undefined;
  windowDays?: Weekday[] | undefined;
  windowFrom?: string | undefined;
  windowTo?: string | undefined;
};

/** A step with its own window needs all of it, ending after it starts; each problem at its field. */
export function requireOwnWindow(config: StepWindowConfig, ctx: z.RefinementCtx): void {
  if (config.sendWindow !== 'own') return;
  const missing = [
    ['windowDays', "Choose the days of this step's window"],
    ['windowFrom', "Enter when this step's window opens"],
    ['windowTo', "Enter when this step's window closes"],
  ] as const;
  for (const [key, message] of missing)
    if (config[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message });
  if (
    config.windowFrom !== undefined &&
    config.windowTo !== undefined &&
    config.windowTo <= config.windowFrom
  )
    ctx.addIssue({
      code: 'custom',
      path: ['windowTo'],
      message: 'The window must end after it starts, on the same day',
    });
}

/** The window a step keeps to: the flow's, its own, or none ("any time", or no window at all). */
export function stepSendWindow(
  config: StepWindowConfig,
  flowWindow: SendWindow | undefined,
): SendWindow | undefined {
  if (config.sendWindow === 'anytime') return undefined;
  if (config.sendWindow === 'own' && config.windowDays && config.windowFrom && config.windowTo)
    return { days: config.windowDays, from: config.windowFrom, to: config.windowTo };
  return flowWindow;
}
