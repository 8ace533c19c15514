import type { StoredEventPayload } from '@scoreflow/flow';
import type { Contact, EventRecord, Store } from '@scoreflow/store';
import { type AfterCommit, countRuns } from './context.js';

/**
 * Turns what a visitor did before being known into the contact's events: the visitor's anonymous
 * events leave the anonymous store and are stored as the contact's pending events, under the ids they
 * were received with, oldest first. Called inside the transaction of the event that names the visitor,
 * so two such events racing for one visitor take turns: SQLite's write transactions do, and on
 * PostgreSQL two events of one contact hold its lock in turn. The first takes the history, the second
 * finds none. An id already among the events (attached before, sent again by a client, or taken at the
 * same time by an event naming the visitor as another contact) is left out, so no event is applied
 * twice.
 */
export async function attachAnonymousHistory(
  store: Store,
  contact: Contact,
  anonymousId: string,
): Promise<EventRecord[]> {
  const attached: EventRecord[] = [];
  for (const row of await store.anonymousEvents.take(anonymousId)) {
    const kept = (row.payload ?? {}) as Partial<StoredEventPayload>;
    const payload: StoredEventPayload = {
      contact: {
        email: contact.email ?? undefined,
        externalId: contact.externalId ?? undefined,
        anonymousId,
        attributes: kept.contact?.attributes,
      },
      properties: kept.properties ?? {},
    };
    const outcome = await store.events.insert({
      id: row.id,
      type: row.type,
      contactId: contact.id,
      payload,
      occurredAt: Date.parse(row.occurredAt),
    });
    const event = outcome === 'inserted' ? await store.events.get(row.id) : undefined;
    if (event) attached.push(event);
  }
  return attached;
}

/** The work of several events processed in one transaction, handed to Redis together. */
export function combineAfterCommit(works: readonly AfterCommit[]): AfterCommit {
  const combined: AfterCommit = { waits: [], outbox: [], runs: {} };
  for (const work of works) {
    combined.waits.push(...work.waits);
    combined.outbox.push(...work.outbox);
    for (const [flowId, tally] of Object.entries(work.runs ?? {})) countRuns(combined, flowId, tally);
  }
  return combined;
}
