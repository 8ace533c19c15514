import { z } from 'zod';

// The event format every ingestion path takes (the API, Segment sources, CSV rows): shared by the
// runtime, which checks and stores events, and the API contract, which documents them.

/** Largest accepted event, as JSON bytes. Events are signals, not documents. */
export const MAX_EVENT_BYTES = 32 * 1024;
export const MAX_BATCH_EVENTS = 500;
export const MAX_BATCH_BYTES = 500 * 1024;

/**
 * Event ids become BullMQ job ids and SQLite keys; ':' is reserved by BullMQ's key scheme, so ids are
 * restricted to a safe, URL-friendly alphabet.
 */
export const EventId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._~@+=\-/]+$/, 'may only contain letters, digits and . _ ~ @ + = - /');

export const EventContact = z
  .object({
    email: z.email().max(254).optional(),
    externalId: z.string().min(1).max(200).optional(),
    /**
     * The visitor id of a browser or device (Segment's anonymousId). Alone, it names a visitor who is
     * not known yet: the event is kept aside until an event names the visitor together with an email
     * or an externalId, and then becomes that contact's event. See docs/integrations.md, "Anonymous
     * visitors".
     */
    anonymousId: z.string().min(1).max(200).optional(),
    /** Attributes to merge into the contact when the event is processed (Segment traits, CSV rows). */
    attributes: z.record(z.string().min(1).max(100), z.unknown()).optional(),
  })
  .refine((c) => c.email !== undefined || c.externalId !== undefined || c.anonymousId !== undefined, {
    message: 'a contact needs an email, an externalId or an anonymousId',
  });

/** Whether an event's contact is only a visitor id, a visitor Scoreflow does not know yet. */
export const isAnonymousContact = (contact: {
  email?: string | undefined;
  externalId?: string | undefined;
  anonymousId?: string | undefined;
}): contact is { anonymousId: string } =>
  contact.email === undefined && contact.externalId === undefined && contact.anonymousId !== undefined;

/**
 * The window an event's timestamp must fall in, the one place it is defined; ingestion refuses what
 * is outside it and processing fails such an event for good (it may predate this rule in the store).
 *
 * - Not before 2000-01-01 UTC: lead scoring reacts to recent behaviour, and nothing older is a signal
 *   worth scoring. It also catches the commonest sender bug, epoch seconds sent as milliseconds
 *   (today in seconds reads as January 1970), which would otherwise be stored as ancient history.
 * - At most 24 hours after the event is received: enough for any sender's clock skew or time-zone
 *   slip, while an event cannot really come from the future; far-future times would pin recency,
 *   decay and inactivity windows, and beyond year 275760 JavaScript cannot even write them as dates.
 */
export const EARLIEST_EVENT_TIME_MS = Date.UTC(2000, 0, 1);
export const MAX_EVENT_FUTURE_SKEW_MS = 24 * 3_600_000;

/**
 * Why an event received at `receivedAtMs` cannot have happened at `occurredAtMs`, or undefined when it
 * can (see {@link EARLIEST_EVENT_TIME_MS}).
 */
export function eventTimeProblem(occurredAtMs: number, receivedAtMs: number): string | undefined {
  const latest = receivedAtMs + MAX_EVENT_FUTURE_SKEW_MS;
  if (Number.isFinite(occurredAtMs) && occurredAtMs >= EARLIEST_EVENT_TIME_MS && occurredAtMs <= latest) {
    return undefined;
  }
  const earliest = new Date(EARLIEST_EVENT_TIME_MS).toISOString();
  return `must be between ${earliest} and ${MAX_EVENT_FUTURE_SKEW_MS / 3_600_000} hours after the event is received (${new Date(latest).toISOString()})`;
}

/** A timestamp as sent: ISO-8601 with an offset, or epoch milliseconds. */
const Timestamp = z.union([z.iso.datetime({ offset: true }), z.number().int()]);

/** Epoch milliseconds of a timestamp that passed {@link Timestamp}. */
export const timestampMs = (timestamp: string | number): number =>
  typeof timestamp === 'number' ? timestamp : Date.parse(timestamp);

/**
 * An event as clients send it to POST /api/events, its timestamp checked against `now` (the clock
 * that stamps the event as received).
 */
export function incomingEventSchema(now: () => number) {
  return z.object({
    id: EventId.optional(),
    type: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9._-]+$/, 'may only contain letters, digits and . _ -'),
    contact: EventContact,
    properties: z.record(z.string(), z.unknown()).default({}),
    /** When it happened: ISO-8601 or epoch milliseconds; defaults to when it was received. */
    timestamp: Timestamp.superRefine((value, ctx) => {
      const problem = eventTimeProblem(timestampMs(value), now());
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }).optional(),
  });
}

/** An event as clients send it to POST /api/events, checked against the wall clock (API documents use it). */
export const IncomingEvent = incomingEventSchema(Date.now);
export type IncomingEvent = z.infer<typeof IncomingEvent>;

/** What is stored as the event's payload and read back by the worker. */
export interface StoredEventPayload {
  contact: {
    email?: string | undefined;
    externalId?: string | undefined;
    /** With an email or an externalId: the visitor whose earlier events become this contact's. */
    anonymousId?: string | undefined;
    attributes?: Record<string, unknown> | undefined;
  };
  properties: Record<string, unknown>;
}

export type EventResult =
  | { index: number; id: string; status: 'accepted' }
  | { index: number; id: string; status: 'duplicate' }
  | {
      index: number;
      id?: string | undefined;
      status: 'rejected';
      errors: { pointer: string; message: string }[];
    };
