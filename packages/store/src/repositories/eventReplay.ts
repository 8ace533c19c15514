import type { LegacyRepositoryContext } from './context.js';

/** A stored event as a replay needs it: no status, properties already picked out of the payload. */
export interface ReplayEvent {
  id: string;
  type: string;
  contactId: string;
  properties: Record<string, unknown>;
  /** Epoch milliseconds. */
  occurredAt: number;
}

/** A contact as a replay reports it: who, and the live value of one score. */
export interface ReplayContact {
  id: string;
  email: string | null;
  /** The live value of the score asked for; 0 when the contact does not hold it. */
  score: number;
}

/**
 * Read-only access for replays (the scoring model backtest): pages through the contacts that have events
 * since a time, contact by contact, so memory stays bounded by one page of contacts whatever the table size.
 */
export interface EventReplayRepository {
  /** Up to `limit` ids of contacts with events at or after `sinceMs`, in id order, after `afterId`. */
  contactsWithEvents(sinceMs: number, afterId: string, limit: number): string[];
  /** The events of these contacts at or after `sinceMs`, per contact in the order they occurred. */
  eventsOf(contactIds: readonly string[], sinceMs: number): ReplayEvent[];
  /** These contacts with their live value of `score`. */
  contactsWithScore(contactIds: readonly string[], score: string): ReplayContact[];
}

interface EventRow {
  id: string;
  type: string;
  contact_id: string;
  properties: string | null;
  occurred_at: number;
}

function readProperties(text: string | null): Record<string, unknown> {
  if (text === null) return {};
  const value: unknown = JSON.parse(text);
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function createEventReplayRepository({ db }: LegacyRepositoryContext): EventReplayRepository {
  // Walks the (contact_id, type, occurred_at) index in contact order; no sort of the events table.
  const selectContacts = db.prepare<[string, number, number], { contact_id: string }>(
    `SELECT DISTINCT contact_id FROM events
     WHERE contact_id > ? AND occurred_at >= ? ORDER BY contact_id LIMIT ?`,
  );
  const selectEvents = db.prepare<[string, number], EventRow>(
    `SELECT id, type, contact_id, json_extract(payload, '$.properties') AS properties, occurred_at
     FROM events WHERE contact_id IN (SELECT value FROM json_each(?)) AND occurred_at >= ?
     ORDER BY contact_id, occurred_at, rowid`,
  );
  const selectScores = db.prepare<
    [string, string],
    { id: string; email: string | null; value: number | null }
  >(
    `SELECT c.id, c.email, s.value FROM contacts c
     LEFT JOIN scores s ON s.contact_id = c.id AND s.name = ?
     WHERE c.id IN (SELECT value FROM json_each(?)) ORDER BY c.id`,
  );

  return {
    contactsWithEvents: (sinceMs, afterId, limit) =>
      selectContacts.all(afterId, sinceMs, limit).map((r) => r.contact_id),
    eventsOf: (contactIds, sinceMs) =>
      selectEvents.all(JSON.stringify(contactIds), sinceMs).map((r) => ({
        id: r.id,
        type: r.type,
        contactId: r.contact_id,
        properties: readProperties(r.properties),
        occurredAt: r.occurred_at,
      })),
    contactsWithScore: (contactIds, score) =>
      selectScores
        .all(score, JSON.stringify(contactIds))
        .map((r) => ({ id: r.id, email: r.email, score: r.value ?? 0 })),
  };
}
