import type { EventView } from '@scoreflow/engine';
import { eventTimeProblem, type StoredEventPayload } from '@scoreflow/flow';
import type { EventRecord } from '@scoreflow/store';
import { RuntimeError } from '../errors.js';
import { attachAnonymousHistory, combineAfterCommit } from './anonymous.js';
import { type AfterCommit, JobContext, type ProcessingDeps } from './context.js';
import { ENGAGEMENT_EVENT_TYPES } from './engagement.js';
import { checkExits } from './exits.js';
import { enterGrades } from './grades.js';
import { mergeAlias } from './merge.js';
import { enterStartingBands, noteEngagementLevel } from './segments.js';

export type ProcessOutcome = (
  | { status: 'processed'; afterCommit: AfterCommit }
  /** Already processed (the job ran twice) or never stored: nothing to do, nothing applied twice. */
  | { status: 'skipped'; reason: string }
) & { receivedAtMs?: number };

const ENGAGEMENT_TYPES: ReadonlySet<string> = new Set(ENGAGEMENT_EVENT_TYPES);

/**
 * All the state work of one event, in ONE transaction: the contact, the event's status,
 * engagement, resumed waits, matching flows (indexed lookup), re-entry, runs, steps, effects, ledger,
 * waits and outbox rows. The event's status flips to processed in the same transaction, so a job that
 * runs again after a crash finds it processed and applies nothing twice.
 *
 * An event that names a visitor (an anonymousId with an email or an externalId) first makes the
 * visitor's anonymous events the contact's own; they are processed here like any event, in the order
 * they happened, those before this event ahead of it, so flows see the history as it unfolded.
 */
export async function processEvent(deps: ProcessingDeps, eventId: string): Promise<ProcessOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await processPending(deps, eventId);
    } catch (err) {
      if (err instanceof ProcessedMeanwhile)
        return { status: 'skipped', reason: 'event already processed', receivedAtMs: err.receivedAtMs };
      // The contact the identity named was merged away while this job waited for its lock (PostgreSQL):
      // the first write naming it fails, and the event is processed again from the start, where the
      // identity names the survivor.
      if (attempt >= MAX_ATTEMPTS || (err as { code?: unknown }).code !== FOREIGN_KEY_VIOLATION) throw err;
    }
  }
}

/** PostgreSQL's foreign_key_violation. */
const FOREIGN_KEY_VIOLATION = '23503';
const MAX_ATTEMPTS = 3;

/**
 * The event was processed by another job while this one waited for the contact's lock (a job
 * delivered twice, taken by two workers at once): what this one did is rolled back.
 */
class ProcessedMeanwhile extends Error {
  constructor(readonly receivedAtMs: number) {
    super('event already processed');
  }
}

function processPending(deps: ProcessingDeps, eventId: string): Promise<ProcessOutcome> {
  const { store } = deps;
  return store.transaction(async (): Promise<ProcessOutcome> => {
    const event = await store.events.get(eventId);
    if (!event) return { status: 'skipped', reason: 'no such event' };
    const receivedAtMs = Date.parse(event.receivedAt);
    if (event.status !== 'pending')
      return { status: 'skipped', reason: `event already ${event.status}`, receivedAtMs };
    // Ingestion refuses these, but a row stored before it did (or written by hand) must not be retried
    // forever: it fails for good, before anything is applied.
    const timeProblem = eventTimeProblem(Date.parse(event.occurredAt), Date.parse(event.receivedAt));
    if (timeProblem) {
      throw new RuntimeError(
        'event_unprocessable',
        `The event's timestamp (${event.occurredAt}) ${timeProblem}`,
      );
    }

    const payload = event.payload as StoredEventPayload;
    const { contact, created, locked } = await store.contacts.upsertByIdentity(payload.contact, {
      lock: true,
    });
    // Events of one contact take turns from here to the commit (PostgreSQL; SQLite's write transactions
    // take turns anyway), with everything else that changes the contact: that is a serial order. Taken
    // once the identity names the contact and before anything of it is read. What was read before
    // the lock may be stale: marking the event processed says whether another job did so meanwhile
    // (this one is then rolled back, see applyEvent), and a contact merged away meanwhile fails the
    // first write naming it (see processEvent). A contact found by its email alone was locked by the
    // read that found it.
    if (!locked) await store.contacts.lock(contact.id);
    // The history was checked against the timestamp window when it was received; however old it is
    // by now, it is the contact's past and is processed as such.
    const history = payload.contact.anonymousId
      ? await attachAnonymousHistory(store, contact, payload.contact.anonymousId)
      : [];
    const occurredAt = Date.parse(event.occurredAt);
    const ordered = [
      ...history.filter((e) => Date.parse(e.occurredAt) <= occurredAt),
      event,
      ...history.filter((e) => Date.parse(e.occurredAt) > occurredAt),
    ];
    // A new contact's starting bands are entered once, by the first of its events.
    const works: AfterCommit[] = [];
    for (const [i, e] of ordered.entries())
      works.push(await applyEvent(deps, e, contact.id, created && i === 0, receivedAtMs));
    return { status: 'processed', afterCommit: combineAfterCommit(works), receivedAtMs };
  });
}

/** What one event does to its contact, inside the caller's transaction. */
async function applyEvent(
  deps: ProcessingDeps,
  event: EventRecord,
  contactId: string,
  created: boolean,
  receivedAtMs: number,
): Promise<AfterCommit> {
  const { store } = deps;
  const eventId = event.id;
  const payload = event.payload as StoredEventPayload;
  // Attributes the event carries change the contact before any flow sees it, and fire
  // attribute-changed triggers like a flow's own "set attribute" would.
  const changedAttributes = payload.contact.attributes
    ? ((await store.contacts.setAttributes(contactId, payload.contact.attributes))?.changed ?? [])
    : [];
  // Only an event already processed is not marked: its processing is not repeated.
  if (!(await store.events.markProcessed(eventId, { contactId }))) throw new ProcessedMeanwhile(receivedAtMs);
  const occurredAt = Date.parse(event.occurredAt);
  if (ENGAGEMENT_TYPES.has(event.type)) await store.contacts.touchEngagement(contactId, occurredAt);

  const view: EventView = {
    id: event.id,
    type: event.type,
    properties: payload.properties ?? {},
    occurredAt,
  };
  const job = new JobContext(deps, contactId, eventId);
  return job.work(
    async () => {
      if (created) {
        await enterStartingBands(job);
        await enterGrades(job);
      }
      // An alias names one person by two ids: their contacts become one before any flow runs on it.
      if (event.type === 'alias') await mergeAlias(job, view.properties);
      await noteEngagementLevel(job);
      for (const attribute of changedAttributes) job.emit({ kind: 'attribute', attribute });
      // A contact waiting for this event moves on along the wait's "event" branch.
      const waits = (await job.mayHaveEventWaits())
        ? await store.waits.findPendingEvent(contactId, event.type)
        : [];
      for (const wait of waits) {
        if (!(await store.waits.fire(wait.id, { eventId, atMs: job.now }))) continue;
        const run = await store.runs.get(wait.runId);
        const doc = run && (await deps.flows(run.flowId, run.flowVersion));
        if (!run || !doc) continue;
        await job.executeRun(run, doc, {
          kind: 'resume',
          waitNodeId: wait.nodeId,
          outcome: 'event',
          event: view,
        });
      }
      await job.fireEvent(view);
    },
    () => checkExits(job),
  );
}

/**
 * Fails an event for good with `reason`, and links it to the contact its identity names when that
 * contact exists, so support finds it, and why, in the contact's events. No contact is created and
 * nothing is applied: the event failed. When the email and the external id name two different
 * contacts, the email's is the one shown.
 */
export async function failEvent(deps: ProcessingDeps, eventId: string, reason: string): Promise<boolean> {
  const { store } = deps;
  const event = await store.events.get(eventId);
  if (!event) return false;
  const identity = (event.payload as Partial<StoredEventPayload> | null)?.contact;
  const contact =
    (typeof identity?.email === 'string' ? await store.contacts.findByEmail(identity.email) : undefined) ??
    (typeof identity?.externalId === 'string'
      ? await store.contacts.findByExternalId(identity.externalId)
      : undefined);
  return store.events.markFailed(eventId, reason, contact ? { contactId: contact.id } : {});
}
