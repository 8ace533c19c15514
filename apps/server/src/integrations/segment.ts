import { createHash } from 'node:crypto';
import { SEGMENT_TYPES, type SegmentType } from '@scoreflow/api';
import { MAX_EVENT_BYTES } from '@scoreflow/flow';
import { z } from 'zod';

/** The Segment call types, and the Scoreflow event type each non-track call becomes. */

/** What is read from a Segment message; everything else is ignored, as the spec allows. */
const Message = z.looseObject({
  type: z.enum(SEGMENT_TYPES).optional(),
  messageId: z.string().min(1).optional(),
  userId: z.union([z.string(), z.number()]).nullish(),
  anonymousId: z.union([z.string(), z.number()]).nullish(),
  event: z.string().nullish(),
  name: z.string().nullish(),
  category: z.string().nullish(),
  groupId: z.union([z.string(), z.number()]).nullish(),
  previousId: z.union([z.string(), z.number()]).nullish(),
  properties: z.record(z.string(), z.unknown()).nullish(),
  traits: z.record(z.string(), z.unknown()).nullish(),
  context: z.looseObject({ traits: z.record(z.string(), z.unknown()).nullish() }).nullish(),
  timestamp: z.union([z.string(), z.number()]).nullish(),
  originalTimestamp: z.union([z.string(), z.number()]).nullish(),
});

const SAFE_ID = /^[A-Za-z0-9._~@+=\-/]+$/;
const Email = z.email().max(254);
/** The longest anonymousId kept, as for external ids. */
const MAX_ANONYMOUS_ID = 200;

/**
 * The calls of a visitor known only by an anonymousId that are kept until the visitor identifies:
 * what the visitor did. An anonymous identify or group names nobody a contact can be made of.
 */
const ANONYMOUS_TYPES: ReadonlySet<SegmentType> = new Set(['track', 'page', 'screen']);

/**
 * Segment messageId → Scoreflow event id, deterministically (a retried call maps to the same id and
 * is dropped as a duplicate). Ids in our alphabet keep their text behind `seg-`; any other id becomes
 * `segh-` + its SHA-256, so two different messageIds never share an event id.
 */
export function segmentEventId(messageId: string): string {
  if (SAFE_ID.test(messageId) && messageId.length <= 120) return `seg-${messageId}`;
  return `segh-${createHash('sha256').update(messageId).digest('base64url')}`;
}

/**
 * A track event name as a Scoreflow event type: lowercased, every run of other characters than
 * letters, digits, `.` and `-` turned into one `_` ("Order Completed" → `order_completed`). This is
 * the rule Segment's own warehouses use for track tables, so the name a marketer sees there is the one
 * to use in a trigger.
 */
export function segmentEventType(event: string): string {
  const type = event
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return type.slice(0, 100);
}

const str = (v: string | number | null | undefined) =>
  v === null || v === undefined ? undefined : String(v);

/**
 * When the message happened, and which of its fields said so. Text that is no date at all is ignored
 * (the event is dated when received), as before; a date outside the window goes on to ingestion, which
 * refuses it with that field's pointer.
 */
function timestampOf(
  m: z.infer<typeof Message>,
): { ms: number; pointer: '/timestamp' | '/originalTimestamp' } | undefined {
  const pointer = m.timestamp !== null && m.timestamp !== undefined ? '/timestamp' : '/originalTimestamp';
  const raw = m.timestamp ?? m.originalTimestamp;
  if (raw === null || raw === undefined) return undefined;
  const ms = typeof raw === 'number' ? raw : Date.parse(raw);
  return Number.isFinite(ms) ? { ms: Math.trunc(ms), pointer } : undefined;
}

/** Traits without `email`, which is the contact's identity rather than an attribute. */
function attributesOf(
  traits: Record<string, unknown> | null | undefined,
): Record<string, unknown> | undefined {
  if (!traits) return undefined;
  const { email: _email, ...rest } = traits;
  return Object.keys(rest).length > 0 ? rest : undefined;
}

export type MappedMessage =
  | {
      ok: true;
      event: Record<string, unknown>;
      /** Where the event's fields came from in the message: event pointer → message pointer. */
      sources: Record<string, string>;
    }
  | { ok: false; id?: string; message: string };

/**
 * One Segment message as a Scoreflow event (see the README's Segment section for the mapping).
 * `fallbackType` is the call's own type for the single-call routes, where `type` may be left out.
 */
export function mapSegmentMessage(raw: unknown, fallbackType?: SegmentType): MappedMessage {
  const size = Buffer.byteLength(JSON.stringify(raw ?? null));
  if (size > MAX_EVENT_BYTES) {
    return { ok: false, message: `the message is ${size} bytes; at most ${MAX_EVENT_BYTES} are accepted` };
  }
  const parsed = Message.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    };
  }
  const m = parsed.data;
  const type = m.type ?? fallbackType;
  const id = m.messageId === undefined ? undefined : segmentEventId(m.messageId);
  if (!type) return { ok: false, ...(id ? { id } : {}), message: 'the message has no type' };

  const traits = type === 'identify' ? m.traits : m.context?.traits;
  const rawEmail = traits?.email;
  const email =
    typeof rawEmail === 'string' && Email.safeParse(rawEmail.trim()).success ? rawEmail.trim() : undefined;
  const externalId = str(m.userId);
  const rawAnonymousId = str(m.anonymousId);
  const anonymousId =
    rawAnonymousId && rawAnonymousId.length <= MAX_ANONYMOUS_ID ? rawAnonymousId : undefined;
  if (externalId === undefined && email === undefined) {
    // Scoreflow scores known people: a visitor's activity waits, under its anonymousId, until a call
    // names the visitor (see docs/integrations.md, "Anonymous visitors").
    const refuse = (message: string): MappedMessage => ({ ok: false, ...(id ? { id } : {}), message });
    if (rawAnonymousId && !anonymousId)
      return refuse(`anonymousId: at most ${MAX_ANONYMOUS_ID} characters are accepted`);
    if (!anonymousId) return refuse('the call names nobody (no userId, traits.email or anonymousId)');
    if (!ANONYMOUS_TYPES.has(type)) {
      return refuse(
        `anonymous ${type} calls (no userId and no traits.email) are not stored; track, page and screen calls of a visitor are kept until it identifies`,
      );
    }
  }

  let eventType: string;
  let properties: Record<string, unknown>;
  switch (type) {
    case 'track':
      eventType = segmentEventType(m.event ?? '');
      if (eventType === '')
        return { ok: false, ...(id ? { id } : {}), message: 'a track call needs an event name' };
      properties = m.properties ?? {};
      break;
    case 'page':
    case 'screen':
      eventType = type;
      properties = { ...(m.properties ?? {}), name: m.name ?? null, category: m.category ?? null };
      break;
    case 'group':
      eventType = type;
      properties = { groupId: str(m.groupId) ?? null, traits: m.traits ?? {} };
      break;
    case 'alias':
      eventType = type;
      properties = { previousId: str(m.previousId) ?? null };
      break;
    case 'identify':
      eventType = type;
      properties = { traits: m.traits ?? {} };
      break;
  }
  const attributes = attributesOf(traits);
  const timestamp = timestampOf(m);
  return {
    ok: true,
    sources: { '/id': '/messageId', ...(timestamp ? { '/timestamp': timestamp.pointer } : {}) },
    event: {
      ...(id ? { id } : {}),
      type: eventType,
      contact: {
        ...(email ? { email } : {}),
        ...(externalId ? { externalId } : {}),
        ...(anonymousId ? { anonymousId } : {}),
        ...(attributes ? { attributes } : {}),
      },
      properties,
      timestamp: timestamp?.ms,
    },
  };
}
