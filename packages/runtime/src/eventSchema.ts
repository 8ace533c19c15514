import { z } from 'zod';

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
    /** Attributes to merge into the contact when the event is processed (Segment traits, CSV rows). */
    attributes: z.record(z.string().min(1).max(100), z.unknown()).optional(),
  })
  .refine((c) => c.email !== undefined || c.externalId !== undefined, {
    message: 'a contact needs an email or an externalId',
  });

/** An event as clients send it to POST /api/events. */
export const IncomingEvent = z.object({
  id: EventId.optional(),
  type: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9._-]+$/, 'may only contain letters, digits and . _ -'),
  contact: EventContact,
  properties: z.record(z.string(), z.unknown()).default({}),
  /** When it happened: ISO-8601 or epoch milliseconds; defaults to when it was received. */
  timestamp: z.union([z.iso.datetime({ offset: true }), z.number().int().nonnegative()]).optional(),
});
export type IncomingEvent = z.infer<typeof IncomingEvent>;

/** What is stored as the event's payload and read back by the worker. */
export interface StoredEventPayload {
  contact: { email?: string; externalId?: string; attributes?: Record<string, unknown> };
  properties: Record<string, unknown>;
}

export type EventResult =
  | { index: number; id: string; status: 'accepted' }
  | { index: number; id: string; status: 'duplicate' }
  | { index: number; id?: string; status: 'rejected'; errors: { pointer: string; message: string }[] };
