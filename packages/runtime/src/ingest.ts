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

/** A valid event on its way to the store, and where its result goes in its request's answer. */
interface Valid {
  index: number;
  event: IncomingEvent;
  id: string;
}

/** One request's valid events, waiting for the group they are committed with. */
interface Waiting {
  items: Valid[];
  resolve(outcomes: Outcome[]): void;
  reject(err: unknown): void;
}

type Outcome = 'accepted' | 'duplicate';

/**
 * Events per group commit: requests that arrive while a group is being stored wait for the next one,
 * which takes them all up to about this many events (a request is never split).
 */
const GROUP_EVENTS = 1_000;

/**
 * Accepts events: validates each one on its own (a bad event never blocks the others), stores the
 * valid ones in the database under their unique id, and only then queues them. The answer is given
 * once the events are durable there; if Redis is slow or down they are still accepted and the
 * reconciler queues them later. An event of a visitor known only by an anonymousId is stored aside and
 * not queued: it is processed once an event names the visitor (see processing/anonymous.ts).
 *
 * Requests arriving together share one transaction and one `addBulk` (group commit): while a group is
 * being stored, the requests behind it gather into the next. Under load that turns a commit and a
 * Redis round trip per request into one per group; a request alone is stored at once. If a group's
 * transaction fails, each of its requests is tried again on its own, so one request's failure is never
 * another's.
 */
export function createIngestor(deps: { store: Store; queues: Queues; logger?: Log }) {
  const { store, queues } = deps;
  // The store's clock stamps each event as received, so the timestamp window is judged by the same one.
  const IncomingEvent = incomingEventSchema(store.now);
  const waiting: Waiting[] = [];
  let storing = false;

  /** Stores the events in one transaction: what became of each, in order. */
  async function storeAll(items: readonly Valid[]): Promise<Outcome[]> {
    return store.transaction(async () => {
      // On PostgreSQL a deadlock runs this again from the start: every outcome is found again.
      const outcomes: Outcome[] = new Array(items.length).fill('duplicate');
      const seen = new Set<string>();
      const known: { at: number; item: Valid; payload: StoredEventPayload }[] = [];
      for (const [at, item] of items.entries()) {
        const { event, id } = item;
        // One id is one event: the same id twice in one group is a duplicate the second time.
        if (seen.has(id)) continue;
        seen.add(id);
        const payload: StoredEventPayload = {
          contact: {
            email: event.contact.email,
            externalId: event.contact.externalId,
            anonymousId: event.contact.anonymousId,
            attributes: event.contact.attributes,
          },
          properties: event.properties,
        };
        if (!isAnonymousContact(event.contact)) {
          known.push({ at, item, payload });
          continue;
        }
        // One id is one event wherever it waits: the anonymous store also refuses ids of known events.
        const outcome = await store.anonymousEvents.insert({
          id,
          anonymousId: event.contact.anonymousId,
          type: event.type,
          payload,
          occurredAt: occurredAtOf(event),
        });
        if (outcome === 'inserted') outcomes[at] = 'accepted';
      }
      const waitingAnonymously = await store.anonymousEvents.existing(known.map((k) => k.item.id));
      const fresh = known.filter((k) => !waitingAnonymously.has(k.item.id));
      const stored = await store.events.insertMany(
        fresh.map(({ item, payload }) => ({
          id: item.id,
          type: item.event.type,
          payload,
          occurredAt: occurredAtOf(item.event),
        })),
      );
      for (const { at, item } of fresh) if (stored.has(item.id)) outcomes[at] = 'accepted';
      return outcomes;
    });
  }

  /** Queues the stored events of known contacts; Redis failing or slow loses nothing (see above). */
  async function queue(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    try {
      await withTimeout(
        queues.events.addBulk(
          ids.map((eventId) => ({ name: 'event', data: { eventId }, opts: { jobId: eventJobId(eventId) } })),
        ),
        QUEUE_TIMEOUT_MS,
      );
    } catch (err) {
      // Durable in the database already; the reconciler queues pending events, so the sender need not retry.
      deps.logger?.warn(
        { err: (err as Error).message, count: ids.length },
        'events stored but not queued yet',
      );
    }
  }

  /** Stores a group, then queues it and answers its requests while the next group is stored. */
  async function commit(group: Waiting[]): Promise<void> {
    const items = group.flatMap((w) => w.items);
    let perRequest: (Outcome[] | { error: unknown })[];
    try {
      const outcomes = await storeAll(items);
      let from = 0;
      perRequest = group.map((w) => {
        from += w.items.length;
        return outcomes.slice(from - w.items.length, from);
      });
    } catch (err) {
      if (group.length === 1) perRequest = [{ error: err }];
      else {
        perRequest = [];
        for (const w of group) perRequest.push(await storeAll(w.items).catch((error) => ({ error })));
      }
    }
    const accepted = group.flatMap((w, i) => {
      const outcomes = perRequest[i];
      if (!Array.isArray(outcomes)) return [];
      return w.items.filter(
        (item, at) => outcomes[at] === 'accepted' && !isAnonymousContact(item.event.contact),
      );
    });
    void queue(accepted.map((item) => item.id)).then(() => {
      group.forEach((w, i) => {
        const outcomes = perRequest[i];
        if (Array.isArray(outcomes)) w.resolve(outcomes);
        else w.reject((outcomes as { error: unknown }).error);
      });
    });
  }

  async function drain(): Promise<void> {
    storing = true;
    try {
      while (waiting.length > 0) {
        const group: Waiting[] = [];
        let events = 0;
        while (
          waiting.length > 0 &&
          (group.length === 0 || events + (waiting[0]?.items.length ?? 0) <= GROUP_EVENTS)
        ) {
          const next = waiting.shift() as Waiting;
          group.push(next);
          events += next.items.length;
        }
        await commit(group);
      }
    } finally {
      storing = false;
    }
  }

  /** The valid events' outcomes, once they are durable (and queued, or given up on queueing). */
  function stored(items: Valid[]): Promise<Outcome[]> {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      waiting.push({ items, resolve, reject });
      if (!storing) void drain();
    });
  }

  return async function ingest(rawEvents: readonly unknown[]): Promise<EventResult[]> {
    const results: EventResult[] = [];
    const toStore: Valid[] = [];

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

    const outcomes = await stored(toStore);
    toStore.forEach(({ index, id }, at) => {
      results[index] = { index, id, status: outcomes[at] ?? 'duplicate' };
    });
    return results;
  };
}

const occurredAtOf = (event: IncomingEvent) =>
  event.timestamp === undefined ? undefined : timestampMs(event.timestamp);

export type Ingest = ReturnType<typeof createIngestor>;
