import type { Effect } from '@scoreflow/engine';
import type { RunRecord } from '@scoreflow/store';
import type { Job } from './job.js';
import { changeScore } from './scoreChange.js';

/** Why an outbound step was not carried out; shown on the run's step. */
export type SkipReasons = Map<string, string>;

/**
 * Writes the engine's effects to the store, inside the job's transaction. Score changes get a ledger
 * row naming their cause; effects that leave the process become outbox rows delivered after commit;
 * changes that other flows can trigger on are queued as signals.
 */
export function applyEffects(
  job: Job,
  run: RunRecord,
  effects: readonly Effect[],
  visitOf: (nodeId: string) => number,
) {
  const { store } = job.deps;
  const skipped: SkipReasons = new Map();
  const contactId = run.contactId;
  const cause = {
    causeKind: 'flow' as const,
    flowId: run.flowId,
    flowVersion: run.flowVersion,
    runId: run.id,
    eventId: job.eventId ?? run.triggerEventId,
  };

  const outbox = (
    effect: Effect,
    kind: 'email' | 'webhook' | 'notifySales',
    payload: Record<string, unknown>,
  ) => {
    // (run, node, visit) names one execution of one step: re-running the job writes nothing new.
    const idempotencyKey = `${run.id}/${effect.nodeId}/${visitOf(effect.nodeId)}`;
    const { entry, created } = store.outbox.enqueue({
      kind,
      contactId,
      runId: run.id,
      nodeId: effect.nodeId,
      payload,
      idempotencyKey,
    });
    if (created) job.afterCommit.outbox.push(entry.id);
  };

  for (const effect of effects) {
    switch (effect.kind) {
      case 'score':
        changeScore(job, { score: effect.score, value: effect.value }, { ...cause, nodeId: effect.nodeId });
        break;
      case 'attribute': {
        const update = store.contacts.setAttribute(contactId, effect.attribute, effect.value);
        if (update?.changed.length)
          job.signals.push({ kind: 'attribute', attribute: effect.attribute, depth: job.depth });
        break;
      }
      case 'tag':
        if (effect.op === 'add') {
          if (store.tags.add(contactId, effect.tag))
            job.signals.push({ kind: 'tag', tag: effect.tag, depth: job.depth });
        } else store.tags.remove(contactId, effect.tag);
        break;
      case 'list':
        if (effect.op === 'add') {
          if (store.lists.add(contactId, effect.list))
            job.signals.push({ kind: 'list', list: effect.list, depth: job.depth });
        } else store.lists.remove(contactId, effect.list);
        break;
      case 'email':
        // Consent is enforced here, below every flow: no flow can email a contact who unsubscribed.
        if (job.contact.unsubscribed) skipped.set(effect.nodeId, 'not sent: the contact unsubscribed');
        else if (!job.contact.email) skipped.set(effect.nodeId, 'not sent: the contact has no email address');
        else outbox(effect, 'email', { template: effect.template, to: job.contact.email });
        break;
      case 'webhook':
        outbox(effect, 'webhook', {
          url: effect.url,
          body: {
            type: 'scoreflow.webhook',
            flowId: run.flowId,
            flowVersion: run.flowVersion,
            runId: run.id,
            nodeId: effect.nodeId,
            eventId: cause.eventId,
            contact: { id: contactId, email: job.contact.email ?? null, scores: job.contact.scores },
          },
        });
        break;
      case 'notifySales':
        outbox(effect, 'notifySales', {
          to: effect.to,
          message: effect.message,
          contact: { id: contactId, email: job.contact.email ?? null, scores: job.contact.scores },
        });
        break;
    }
  }
  return skipped;
}
