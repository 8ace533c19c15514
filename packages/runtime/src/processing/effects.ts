import type { ContactView, Effect } from '@scoreflow/engine';
import type { RunRecord } from '@scoreflow/store';
import { outboundAction } from '../nodes/index.js';
import type { JobContext } from './context.js';

/** Why an outbound step was not carried out; shown on the run's step. */
export type SkipReasons = Map<string, string>;

/**
 * Writes the engine's effects to the store, inside the job's transaction. Changes to the contact go
 * through the job (score changes get a ledger row naming their cause, changes triggers listen to are
 * signalled); effects that leave the process become outbox rows, as the node table says, delivered
 * after commit. `before` is the contact as the run started.
 */
export async function applyEffects(
  job: JobContext,
  run: RunRecord,
  before: ContactView,
  effects: readonly Effect[],
  visitOf: (nodeId: string) => number,
): Promise<SkipReasons> {
  const { store } = job.deps;
  const skipped: SkipReasons = new Map();
  const eventId = job.eventId ?? run.triggerEventId;
  const cause = {
    causeKind: 'flow' as const,
    flowId: run.flowId,
    flowVersion: run.flowVersion,
    runId: run.id,
    eventId,
  };

  for (const effect of effects) {
    if (effect.kind !== 'outbound') {
      await job.apply(effect, cause);
      continue;
    }
    const action = outboundAction(effect.nodeType);
    if (!action) throw new Error(`${effect.nodeType} has no outbound delivery`);
    const made = action.payload({ run, contact: before, eventId, effect });
    if ('skipped' in made) {
      skipped.set(effect.nodeId, made.skipped);
      continue;
    }
    // (run, node, visit) names one execution of one step: re-running the job writes nothing new.
    const { entry, created } = await store.outbox.enqueue({
      kind: action.outbox,
      contactId: run.contactId,
      runId: run.id,
      nodeId: effect.nodeId,
      payload: made.payload,
      idempotencyKey: `${run.id}/${effect.nodeId}/${visitOf(effect.nodeId)}`,
      category: effect.nodeType === 'action.sendEmail' ? (effect.config.category ?? null) : null,
    });
    if (created) job.afterCommit.outbox.push(entry.id);
  }
  return skipped;
}
