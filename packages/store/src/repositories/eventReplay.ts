import { type NotNull, sql } from 'kysely';
import type { RepositoryContext } from './context.js';

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
  contactsWithEvents(sinceMs: number, afterId: string, limit: number): Promise<string[]>;
  /** The events of these contacts at or after `sinceMs`, per contact in the order they occurred. */
  eventsOf(contactIds: readonly string[], sinceMs: number): Promise<ReplayEvent[]>;
  /** These contacts with their live value of `score`. */
  contactsWithScore(contactIds: readonly string[], score: string): Promise<ReplayContact[]>;
  /**
   * A page of every contact (by id after `afterId`) with its attributes and its live values of the two
   * scores a fit × engagement grade is made of (0 without one).
   */
  contactsForFit(
    afterId: string,
    limit: number,
    scores: { fit: string; engagement: string },
  ): Promise<FitReplayContact[]>;
}

export interface FitReplayContact {
  id: string;
  email: string | null;
  attributes: Record<string, unknown>;
  fit: number;
  engagement: number;
}

function readProperties(text: string | null): Record<string, unknown> {
  if (text === null) return {};
  const value: unknown = JSON.parse(text);
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function createEventReplayRepository({ db, dialect }: RepositoryContext): EventReplayRepository {
  // The payload's `properties` as SQLite's json_extract gives it: JSON text for an object.
  const properties =
    dialect === 'sqlite'
      ? sql<string | null>`json_extract(payload, '$.properties')`
      : sql<string | null>`(payload::jsonb #>> '{properties}')`;

  return {
    async contactsWithEvents(sinceMs, afterId, limit) {
      // Walks the (contact_id, type, occurred_at) index in contact order; no sort of the events table.
      const rows = await db()
        .selectFrom('events')
        .select('contact_id')
        .distinct()
        .where('contact_id', '>', afterId)
        .where('occurred_at', '>=', sinceMs)
        .orderBy('contact_id')
        .limit(limit)
        .$narrowType<{ contact_id: NotNull }>()
        .execute();
      return rows.map((r) => r.contact_id);
    },
    async eventsOf(contactIds, sinceMs) {
      if (contactIds.length === 0) return [];
      const rows = await db()
        .selectFrom('events')
        .select(['id', 'type', 'contact_id', properties.as('properties'), 'occurred_at'])
        .where('contact_id', 'in', contactIds)
        .where('occurred_at', '>=', sinceMs)
        .orderBy('contact_id')
        .orderBy('occurred_at')
        .orderBy('rowid')
        .$narrowType<{ contact_id: NotNull }>()
        .execute();
      return rows.map((r) => ({
        id: r.id,
        type: r.type,
        contactId: r.contact_id,
        properties: readProperties(r.properties),
        occurredAt: r.occurred_at,
      }));
    },
    async contactsWithScore(contactIds, score) {
      if (contactIds.length === 0) return [];
      const rows = await db()
        .selectFrom('contacts as c')
        .leftJoin('scores as s', (join) => join.onRef('s.contact_id', '=', 'c.id').on('s.name', '=', score))
        .select(['c.id', 'c.email', 's.value'])
        .where('c.id', 'in', contactIds)
        .orderBy('c.id')
        .execute();
      return rows.map((r) => ({ id: r.id, email: r.email, score: r.value ?? 0 }));
    },
    async contactsForFit(afterId, limit, scores) {
      const rows = await db()
        .selectFrom('contacts as c')
        .leftJoin('scores as f', (join) =>
          join.onRef('f.contact_id', '=', 'c.id').on('f.name', '=', scores.fit),
        )
        .leftJoin('scores as e', (join) =>
          join.onRef('e.contact_id', '=', 'c.id').on('e.name', '=', scores.engagement),
        )
        .select(['c.id', 'c.email', 'c.attributes', 'f.value as fit', 'e.value as engagement'])
        .where('c.id', '>', afterId)
        .orderBy('c.id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        email: r.email,
        attributes: readProperties(r.attributes),
        fit: r.fit ?? 0,
        engagement: r.engagement ?? 0,
      }));
    },
  };
}
