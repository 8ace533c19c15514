import type { EventView } from '@scoreflow/engine';
import { eventTimeProblem, type StoredEventPayload } from '@scoreflow/flow';
import { RuntimeError } from '../errors.js';
import { type AfterCommit, JobContext, type ProcessingDeps } from './context.js';
import { ENGAGEMENT_EVENT_TYPES } from './engagement.js';
import { checkExits } from './exits.js';
import { enterStartingBands, noteEngagementLevel } from './segments.js';

export type ProcessOutcome = (
  | { status: 'processed'; afterCommit: AfterCommit }
  /** Already processed (the job ran twice) or never stored: nothing to do, nothing applied twice. */
  | { status: 'skipped'; reason: string }
) & { receivedAtMs?: number };

const ENGAGEMENT_TYPES: ReadonlySet<string> = new Set(ENGAGEMENT_EVENT_TYPES);

/**
 * All the state work of one event, in ONE SQLite transaction: the contact, the event's status,
 * engagement, resumed waits, matching flows (indexed lookup), re-entry, runs, steps, effects, ledger,
 * waits and outbox rows. The event's status flips to processed in the same transaction, so a job that
 * runs again after a crash finds it processed and applies nothing twice.
 */
export function processEvent(deps: ProcessingDeps, eventId: string): ProcessOutcome {
  const { store } = deps;
  return store.transaction((): ProcessOutcome => {
    const event = store.events.get(eventId);
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
    const { contact, created } = store.contacts.upsertByIdentity(payload.contact);
    // Attributes the event carries change the contact before any flow sees it, and fire
    // attribute-changed triggers like a flow's own "set attribute" would.
    const changedAttributes = payload.contact.attributes
      ? (store.contacts.setAttributes(contact.id, payload.contact.attributes)?.changed ?? [])
      : [];
    store.events.markProcessed(eventId, { contactId: contact.id });
    const occurredAt = Date.parse(event.occurredAt);
    if (ENGAGEMENT_TYPES.has(event.type)) store.contacts.touchEngagement(contact.id, occurredAt);

    const view: EventView = {
      id: event.id,
      type: event.type,
      properties: payload.properties ?? {},
      occurredAt,
    };
    const job = new JobContext(deps, contact.id, eventId);
    const afterCommit = job.work(
      () => {
        if (created) enterStartingBands(job);
        noteEngagementLevel(job);
        for (const attribute of changedAttributes) job.emit({ kind: 'attribute', attribute });
        // A contact waiting for this event moves on along the wait's "event" branch.
        for (const wait of store.waits.findPendingEvent(contact.id, event.type)) {
          if (!store.waits.fire(wait.id, { eventId, atMs: job.now })) continue;
          const run = store.runs.get(wait.runId);
          const doc = run && deps.flows(run.flowId, run.flowVersion);
          if (!run || !doc) continue;
          job.executeRun(run, doc, {
            kind: 'resume',
            waitNodeId: wait.nodeId,
            outcome: 'event',
            event: view,
          });
        }
        job.fireEvent(view);
      },
      () => checkExits(job),
    );
    return { status: 'processed', afterCommit, receivedAtMs };
  });
}

/**
 * Fails an event for good with `reason`, and links it to the contact its identity names when that
 * contact exists, so support finds it, and why, in the contact's events. No contact is created and
 * nothing is applied: the event failed. When the email and the external id name two different
 * contacts, the email's is the one shown.
 */
export function failEvent(deps: ProcessingDeps, eventId: string, reason: string): boolean {
  const { store } = deps;
  const event = store.events.get(eventId);
  if (!event) return false;
  const identity = (event.payload as Partial<StoredEventPayload> | null)?.contact;
  const contact =
    (typeof identity?.email === 'string' ? store.contacts.findByEmail(identity.email) : undefined) ??
    (typeof identity?.externalId === 'string'
      ? store.contacts.findByExternalId(identity.externalId)
      : undefined);
  return store.events.markFailed(eventId, reason, contact ? { contactId: contact.id } : {});
}
