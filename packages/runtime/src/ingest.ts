import {
  type EventResult,
  type IncomingEvent,
  incomingEventSchema,
  isAnonymousContact,
  MAX_EVENT_BYTES,
  type StoredEventPayload,
  timestampMs,
  toJsonPointer,
} from '@scoreflow/flow';
import { newId, type Store } from '@scoreflow/store';
import { eventJobId, type Queues } from './queues.js';

interface Log {
  warn(obj: object, msg?: string): void;
}

/** How long ingestion waits for Redis before answering anyway; the reconciler queues what was not. */
const QUEUE_TIMEOUT_MS = 1_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Accepts events: validates each one on its own (a bad event never blocks the others), stores the
 * valid ones in the database under their unique id in one transaction, and only then queues them. The
 * answer is given once the events are durable there; if Redis is slow or down they are still
 * accepted and the reconciler queues them later. An event of a visitor known only by an anonymousId
 * is stored aside and not queued: it is processed once an event names the visitor (see
 * processing/anonymous.ts).
 */
export function createIngestor(deps: { store: Store; queues: Queues; logger?: Log }) {
  const { store, queues } = deps;
  // The store's clock stamps each event as received, so the timestamp window is judged by the same one.
  const IncomingEvent = incomingEventSchema(store.now);

  return async function ingest(rawEvents: readonly unknown[]): Promise<EventResult[]> {
    const results: EventResult[] = [];
    const toStore: { index: number; event: IncomingEvent; id: string }[] = [];

    rawEvents.forEach((raw, index) => {
      const size = Buffer.byteLength(JSON.stringify(raw ?? null));
      if (size > MAX_EVENT_BYTES) {
        results[index] = {
          index,
          status: 'rejected',
          errors: [
            { pointer: '', message: `The event is ${size} bytes; at most ${MAX_EVENT_BYTES} are accepted` },
          ],
        };
        return;
      }
      const parsed = IncomingEvent.safeParse(raw);
      if (!parsed.success) {
        const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : undefined;
        results[index] = {
          index,
          id,
          status: 'rejected',
          errors: parsed.error.issues.map((i) => ({ pointer: toJsonPointer(i.path), message: i.message })),
        };
        return;
      }
      toStore.push({ index, event: parsed.data, id: parsed.data.id ?? newId() });
    });

    const accepted: string[] = [];
    await store.transaction(async () => {
      // On PostgreSQL a deadlock runs this again from the start: what an earlier run noted goes.
      accepted.length = 0;
      for (const { index, event, id } of toStore) {
        const payload: StoredEventPayload = {
          contact: {
            email: event.contact.email,
            externalId: event.contact.externalId,
            anonymousId: event.contact.anonymousId,
            attributes: event.contact.attributes,
          },
          properties: event.properties,
        };
        const occurredAt = event.timestamp === undefined ? undefined : timestampMs(event.timestamp);
        const anonymousId = isAnonymousContact(event.contact) ? event.contact.anonymousId : undefined;
        // One id is one event wherever it waits: the anonymous store also refuses ids of known events.
        const outcome = anonymousId
          ? await store.anonymousEvents.insert({
              id,
              anonymousId,
              type: event.type,
              payload,
              occurredAt,
            })
          : (await store.anonymousEvents.has(id))
            ? 'duplicate'
            : await store.events.insert({ id, type: event.type, payload, occurredAt });
        if (outcome === 'inserted' && anonymousId) {
          results[index] = { index, id, status: 'accepted' };
          continue;
        }
        if (outcome === 'inserted') {
          accepted.push(id);
          results[index] = { index, id, status: 'accepted' };
        } else {
          results[index] = { index, id, status: 'duplicate' };
        }
      }
    });

    if (accepted.length > 0) {
      try {
        await withTimeout(
          queues.events.addBulk(
            accepted.map((eventId) => ({
              name: 'event',
              data: { eventId },
              opts: { jobId: eventJobId(eventId) },
            })),
          ),
          QUEUE_TIMEOUT_MS,
        );
      } catch (err) {
        // Durable in the database already; the reconciler queues pending events, so the sender need not retry.
        deps.logger?.warn(
          { err: (err as Error).message, count: accepted.length },
          'events stored but not queued yet',
        );
      }
    }
    return results;
  };
}

export type Ingest = ReturnType<typeof createIngestor>;
