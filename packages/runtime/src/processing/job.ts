import type { ContactView } from '@scoreflow/engine';
import type { ScoreDefinitionRecord, Store } from '@scoreflow/store';
import { engagementOf } from './engagement.js';
import type { FlowVersionCache } from './flowCache.js';
import { definitionCache, type ScoreTarget } from './scoreChange.js';

export interface Log {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** What every job processor needs. `now` is injectable so tests run decay and waits on a test clock. */
export interface ProcessingDeps {
  store: Store;
  flows: FlowVersionCache;
  now: () => number;
  logger?: Log | undefined;
}

/** A change made in this job that may start other flows (score-threshold, tag-added... triggers). */
export type Signal =
  | { kind: 'score'; score: string; previous: number; value: number; depth: number }
  | { kind: 'tag'; tag: string; depth: number }
  | { kind: 'list'; list: string; depth: number }
  | { kind: 'attribute'; attribute: string; depth: number }
  | { kind: 'band'; score: string; band: string; previous: string | null; depth: number }
  | { kind: 'engagement'; from: string | null; to: string; depth: number };

/** A signal as its emitter writes it; the job adds the trigger depth. */
export type SignalInput = Signal extends infer S ? (S extends Signal ? Omit<S, 'depth'> : never) : never;

/** Work to hand to Redis once the transaction has committed. */
export interface AfterCommit {
  waits: { id: string; dueAtMs: number }[];
  outbox: string[];
}

/** The state of one job: one contact, one transaction. */
export interface Job extends ScoreTarget {
  deps: ProcessingDeps;
  now: number;
  contactId: string;
  /** The contact as the next run should see it: effects of earlier runs in this job included. */
  contact: ContactView;
  signals: Signal[];
  /** How many trigger hops led to the run being executed (0 for the event's own triggers). */
  depth: number;
  /** The event this job processes, when it was started by one. */
  eventId: string | undefined;
  afterCommit: AfterCommit;
  definition(score: string): ScoreDefinitionRecord | undefined;
  signal(signal: SignalInput): void;
}

/** Builds the engine's view of a contact from the store. */
export function loadContactView(store: Store, contactId: string, now: number): ContactView {
  const contact = store.contacts.get(contactId);
  if (!contact) throw new Error(`contact ${contactId} does not exist`);
  const { level } = engagementOf((type, since) => store.events.countForContact(contactId, type, since), now);
  return {
    id: contact.id,
    email: contact.email,
    attributes: contact.attributes,
    scores: store.scores.all(contactId),
    tags: store.tags.list(contactId),
    lists: store.lists.list(contactId),
    engagement: level,
    unsubscribed: contact.unsubscribedAt !== null,
  };
}

export function newJob(deps: ProcessingDeps, contactId: string, eventId?: string): Job {
  const now = deps.now();
  const job: Job = {
    deps,
    now,
    contactId,
    contact: loadContactView(deps.store, contactId, now),
    signals: [],
    depth: 0,
    eventId,
    afterCommit: { waits: [], outbox: [] },
    definition: definitionCache(deps.store),
    signal: (signal) => job.signals.push({ ...signal, depth: job.depth } as Signal),
  };
  return job;
}

/**
 * Stores the contact's current engagement level and, when it changed, signals it for
 * `trigger.engagementChanged`. A contact never computed before counts as coming from "not engaged".
 */
export function noteEngagementLevel(job: Job): void {
  const { store } = job.deps;
  const level = job.contact.engagement;
  const previous = store.contacts.setEngagementLevel(job.contactId, level);
  if (previous !== level) {
    // The level is also a segment: the contact sits in exactly one "Engagement: <level>" list.
    if (previous !== null) store.lists.remove(job.contactId, engagementListName(previous));
    if (store.lists.add(job.contactId, engagementListName(level))) {
      job.contact = {
        ...job.contact,
        lists: [
          ...job.contact.lists.filter((l) => !l.startsWith(ENGAGEMENT_LIST_PREFIX)),
          engagementListName(level),
        ],
      };
      job.signals.push({ kind: 'list', list: engagementListName(level), depth: job.depth });
    }
  }
  if ((previous ?? 'not engaged') !== level) {
    job.signals.push({ kind: 'engagement', from: previous, to: job.contact.engagement, depth: job.depth });
  }
}

const ENGAGEMENT_LIST_PREFIX = 'Engagement: ';
/** The list of the contacts at an engagement level, e.g. "Engagement: at risk". */
export const engagementListName = (level: string) => `${ENGAGEMENT_LIST_PREFIX}${level}`;
